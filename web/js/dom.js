// dom.js: building the page with DOM APIs only. Every piece of user text goes in as a text node
// (textContent); nothing is ever parsed as HTML, so a title like <img src=x onerror=alert(1)>
// shows literally and runs nothing.

// h('a', {href: '#/cases', class: 'x', onclick: fn}, 'text', child, [more]): an element.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.className = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k === 'value') el.value = v;
      else if (k === 'checked') el.checked = !!v;
      else if (v === true) el.setAttribute(k, '');
      else el.setAttribute(k, String(v));
    }
  }
  append(el, ...children);
  return el;
}

export function append(el, ...children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

let uid = 0;
export function nextId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

// A labelled form field: label, control, a hint and the place for the field's error.
// opts: {name, label, type, value, options: [[value, text]], required, hint, rows, attrs}
export function field(opts) {
  const id = nextId(`f-${opts.name.replace(/[^a-z0-9]/gi, '-')}`);
  const errId = `${id}-err`;
  const hintId = opts.hint ? `${id}-hint` : null;
  let control;
  const common = {
    id, name: opts.name, required: opts.required,
    'aria-describedby': [hintId, errId].filter(Boolean).join(' '), ...(opts.attrs || {}),
  };
  if (opts.type === 'select') {
    control = h('select', common,
      (opts.options || []).map(([v, t]) => h('option', {value: v, selected: String(opts.value ?? '') === String(v)}, t)));
  } else if (opts.type === 'textarea') {
    control = h('textarea', {...common, rows: opts.rows || 3});
    control.value = opts.value ?? '';
  } else if (opts.type === 'checkbox') {
    control = h('input', {...common, type: 'checkbox', checked: !!opts.value});
  } else {
    control = h('input', {...common, type: opts.type || 'text', value: opts.value ?? ''});
  }
  const wrap = h('div', {class: `field${opts.type === 'checkbox' ? ' check' : ''}`, dataset: {field: opts.name}},
    opts.type === 'checkbox' ? [control, h('label', {for: id}, opts.label)] : [h('label', {for: id}, opts.label), control],
    opts.hint ? h('p', {class: 'hint', id: hintId}, opts.hint) : null,
    h('p', {class: 'error', id: errId, role: 'alert', hidden: true}));
  return wrap;
}

// Show the API's errors beside the fields they name ($.date -> the field named "date"); what
// names no field goes to the form's own error box. Returns the messages not placed.
export function showErrors(form, problem) {
  clearErrors(form);
  const rest = [];
  const errors = (problem && problem.errors) || [];
  for (const e of errors) {
    let name = String(e.path || '').replace(/^\$\.?/, '').replace(/\[(\d+)\]/g, '.$1');
    if (form.__alias) name = form.__alias(name);
    let box = null;
    for (let n = name; n && !box; n = n.includes('.') ? n.slice(0, n.lastIndexOf('.')) : '')
      box = form.querySelector(`[data-field="${CSS.escape(n)}"]`);
    if (box) {
      const p = box.querySelector('.error');
      p.hidden = false;
      p.textContent = p.textContent ? `${p.textContent}; ${e.message}` : e.message;
      box.classList.add('invalid');
      const input = box.querySelector('input,select,textarea');
      if (input) input.setAttribute('aria-invalid', 'true');
    } else {
      rest.push(e.path ? `${e.path}: ${e.message}` : e.message);
    }
  }
  const general = form.querySelector('.form-error');
  const msgs = [];
  if (problem && (!errors.length || rest.length)) msgs.push(problem.detail || problem.title || 'the request failed');
  msgs.push(...rest);
  if (general && msgs.length) {
    general.hidden = false;
    append(clear(general), msgs.map((m) => h('p', null, m)));
  }
  const first = form.querySelector('[aria-invalid="true"]');
  if (first) first.focus();
  else if (general && !general.hidden) general.focus();
}

export function clearErrors(form) {
  for (const p of form.querySelectorAll('.field .error')) { p.hidden = true; p.textContent = ''; }
  for (const b of form.querySelectorAll('.invalid')) b.classList.remove('invalid');
  for (const i of form.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
  const general = form.querySelector('.form-error');
  if (general) { general.hidden = true; clear(general); }
}

export function formError() {
  return h('div', {class: 'form-error', role: 'alert', tabindex: '-1', hidden: true});
}

// Values of a form's named controls (checkboxes as booleans).
export function values(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name) continue;
    out[el.name] = el.type === 'checkbox' ? el.checked : el.value;
  }
  return out;
}

// An amount as people write it (core/money.c trk_amount_human): thousands grouped with commas,
// the fraction only when it is not zero, then the code. Exact: works on the decimal string.
export function amountHuman(amount, currency) {
  if (amount === null || amount === undefined) return '';
  const s = String(amount);
  if (!/^\d+(\.\d+)?$/.test(s)) return `${s} ${currency || ''}`.trim();
  const [int, frac] = s.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const f = frac && /[1-9]/.test(frac) ? `.${frac}` : '';
  return `${grouped}${f} ${currency || ''}`.trim();
}

export function table(columns, rows, opts = {}) {
  // columns: [[header, (row) => node|string]]
  return h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': opts.label || 'table'},
    h('table', {class: `stack${opts.class ? ` ${opts.class}` : ''}`},
      opts.caption ? h('caption', null, opts.caption) : null,
      h('thead', null, h('tr', null, columns.map(([t]) => h('th', {scope: 'col'}, t)))),
      h('tbody', null, rows.length ? rows.map((r) => h('tr', null, columns.map(([t, f]) => h('td', {'data-label': t || null}, f(r)))))
        : h('tr', null, h('td', {colspan: columns.length, class: 'empty'}, opts.empty || 'nothing here')))));
}

export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], {type}));
  const a = h('a', {href: url, download: name, hidden: true});
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
