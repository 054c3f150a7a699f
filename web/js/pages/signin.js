import {h, append, field, formError, showErrors} from '../dom.js';

export function renderSignIn(main, onSignIn) {
  const form = h('form', {class: 'card narrow', id: 'sign-in', novalidate: true},
    h('h1', null, 'Sign in'),
    formError(),
    field({name: 'login', label: 'Login', required: true, attrs: {autocomplete: 'username', autocapitalize: 'none'}}),
    field({name: 'password', label: 'Password', type: 'password', required: true, attrs: {autocomplete: 'current-password'}}),
    h('button', {type: 'submit'}, 'Sign in'),
    h('p', {class: 'hint'}, 'Accounts are made by an admin (tracker user add).'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const btn = form.querySelector('button');
    btn.disabled = true;
    try {
      await onSignIn(form.elements.login.value, form.elements.password.value);
    } catch (e) {
      form.elements.password.value = '';
      showErrors(form, e.problem || {detail: String(e.message)});
    } finally {
      btn.disabled = false;
    }
  });
  append(main, form);
  form.elements.login.focus();
}
