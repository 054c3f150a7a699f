// Import: upload an interchange JSON or JSON Lines file; the API validates all of it first: every
// error is listed with its JSON path and nothing is written; otherwise a summary of what changed.
import {h, append, clear, table} from '../dom.js';
import * as api from '../api.js';

export async function renderImport(main, m, ctx) {
  if (!ctx.canWrite) {
    append(main, h('h1', null, 'Not allowed'), h('p', null, 'Your role can read but not import.'));
    return;
  }
  const out = h('div', {id: 'import-out', 'aria-live': 'polite'});
  const form = h('form', {class: 'card', id: 'import-form'},
    h('div', {class: 'field'}, h('label', {for: 'import-file'}, 'Interchange JSON or JSON Lines file'),
      h('input', {type: 'file', id: 'import-file', name: 'file', accept: '.json,.jsonl,.ndjson,application/json', required: true})),
    h('div', {class: 'field check'}, h('input', {type: 'checkbox', id: 'import-dry', name: 'dry_run'}),
      h('label', {for: 'import-dry'}, 'Only check (dry run): write nothing')),
    h('button', {type: 'submit'}, 'Import'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clear(out);
    const file = form.elements.file.files[0];
    if (!file) return;
    const text = await file.text();
    const ndjson = /\.(jsonl|ndjson)$/i.test(file.name);
    try {
      const r = await api.request('POST', `/api/v1/import${form.elements.dry_run.checked ? '?dry_run=true' : ''}`,
        {body: text, headers: {'Content-Type': ndjson ? 'application/x-ndjson' : 'application/json'}});
      const s = r.data || {};
      append(out, h('div', {class: 'ok', role: 'status'}, h('h2', null, form.elements.dry_run.checked ? 'The file is valid (nothing written)' : 'Imported'),
        table([['Records', ([k]) => k.replace(/_/g, ' ')], ['Inserted', ([, v]) => String(v.inserted ?? '')],
          ['Updated', ([, v]) => String(v.updated ?? '')], ['Unchanged', ([, v]) => String(v.unchanged ?? '')]],
          Object.entries(s.counts || {}), {label: 'Import summary'})));
    } catch (e) {
      const p = e.problem || {};
      append(out, h('div', {class: 'form-error', role: 'alert', id: 'import-errors'},
        h('h2', null, `Nothing was imported: ${p.detail || p.title || e.message}`),
        (p.errors || []).length ? table([['Where', (x) => h('code', null, x.path || '')], ['Problem', (x) => x.message]],
          p.errors, {label: 'Import errors'}) : null));
    }
  });
  append(main, h('h1', null, 'Import'),
    h('p', null, 'The same format as tracker import and tracker export (docs/interchange). The whole file is checked first; if anything is wrong, nothing is written.'),
    form, out);
}
