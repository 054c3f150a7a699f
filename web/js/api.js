// api.js: the only place that talks to the server. Everything goes through the public /api/v1
// (docs/openapi.json) plus /app/session for signing in and out. The session cookie is HttpOnly;
// state-changing requests carry the session's CSRF token in X-CSRF-Token.

let csrf = null;
export function setCsrf(token) { csrf = token; }

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {title: `HTTP ${status}`, status};
  }
}

export async function request(method, path, {body, etag, headers = {}, accept, raw} = {}) {
  const h = {Accept: accept || 'application/json', ...headers};
  if (method !== 'GET' && method !== 'HEAD' && csrf) h['X-CSRF-Token'] = csrf;
  if (etag) h['If-Match'] = etag;
  let payload;
  if (body !== undefined) {
    if (typeof body === 'string') payload = body;
    else {
      payload = JSON.stringify(body);
      if (!h['Content-Type']) h['Content-Type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
    }
  }
  const res = await fetch(path, {method, headers: h, body: payload, credentials: 'same-origin', cache: 'no-store'});
  const type = res.headers.get('Content-Type') || '';
  if (!res.ok) {
    let problem = null;
    try { problem = type.includes('json') ? await res.json() : {title: (await res.text()).trim()}; } catch { /* empty */ }
    if (res.status === 401 && !path.startsWith('/app/session')) window.dispatchEvent(new CustomEvent('tracker:signed-out'));
    throw new ApiError(res.status, problem);
  }
  if (raw) return {text: await res.text(), type, etag: res.headers.get('ETag'), location: res.headers.get('Location')};
  const data = res.status === 204 ? null : type.includes('json') ? await res.json() : await res.text();
  return {data, etag: res.headers.get('ETag'), location: res.headers.get('Location'), status: res.status};
}

export const get = async (path) => (await request('GET', path)).data;
export const getWithEtag = (path) => request('GET', path);
export const post = async (path, body) => (await request('POST', path, {body})).data;
export const patch = async (path, body, etag) => (await request('PATCH', path, {body, etag}));
export const del = async (path) => (await request('DELETE', path)).data;
// A change to a resource as it is now (a toggle, not an edit of a form read earlier): read its
// ETag, then send the change with If-Match.
export async function changeCurrent(method, path, body) {
  const cur = await getWithEtag(path);
  return request(method, path, {body, etag: cur.etag});
}

export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined && v !== false) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

// Every page of a list: [{...}, ...] (stops after max items).
export async function all(path, max = 500) {
  const items = [];
  let cursor = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await get(`${path}${sep}limit=${Math.min(500, max)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...(page.items || page));
    cursor = page.next_cursor;
  } while (cursor && items.length < max);
  return items;
}

// Session (http/web_session.c).
export const session = () => request('GET', '/app/session').then((r) => r.data);
export const signIn = (login, password) => request('POST', '/app/session', {body: {login, password}}).then((r) => r.data);
export const signOut = () => request('DELETE', '/app/session');

// A route this server's API may not have yet: its answer, or null on a 404 that is the API's
// "no such route" (features the API lacks are then left out of the page, never faked).
export async function optional(path) {
  try {
    return await get(path);
  } catch (e) {
    if (e.status === 404 || e.status === 405 || e.status === 403) return null; /* 403: not for this role */
    throw e;
  }
}
