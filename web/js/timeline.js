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

// Draw data in box. TimelineJS's slides scroll when their text is long: keyboard users must be
// able to reach and scroll them (axe: scrollable-region-focusable), so each slide takes focus.
// TimelineJS writes some markup with inline handlers (links it finds in text get
// onclick='void(0)', media elements onload/onerror); the CSP refuses to run them anyway, and no
// inline handler belongs in the page: they are taken off as they appear.
export function drawTimeline(box, data) {
  // eslint-disable-next-line no-new
  const tl = new window.TL.Timeline(box, data, {hash_bookmark: false, font: null, language: 'en'});
  const focusable = () => {
    for (const el of box.querySelectorAll('.tl-slide')) if (!el.hasAttribute('tabindex')) el.tabIndex = 0;
    for (const el of box.querySelectorAll('*'))
      for (const a of [...el.attributes]) if (a.name.startsWith('on')) el.removeAttribute(a.name);
  };
  focusable();
  new MutationObserver(focusable).observe(box, {childList: true, subtree: true});
  return tl;
}
