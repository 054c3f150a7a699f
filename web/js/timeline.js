// timeline.js: loads the vendored TimelineJS3 (web/node_modules, compiled into the binary) once.
let loading = null;
export function loadTimelineJS() {
  if (window.TL) return Promise.resolve();
  if (loading) return loading;
  loading = new Promise((resolve, reject) => {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = new URL('../vendor/timelinejs/css/timeline.css', import.meta.url).href;
    document.head.append(css);
    const fix = document.createElement('link');
    fix.rel = 'stylesheet';
    fix.href = new URL('../css/timeline-a11y.css', import.meta.url).href;
    document.head.append(fix);
    const s = document.createElement('script');
    s.src = new URL('../vendor/timelinejs/js/timeline.js', import.meta.url).href;
    s.onload = () => (window.TL ? resolve() : reject(new Error('TimelineJS did not load')));
    s.onerror = () => reject(new Error('TimelineJS is not in this build (npm ci in web/, then rebuild)'));
    document.head.append(s);
  });
  return loading;
}
