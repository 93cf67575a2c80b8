// The console's only way to the API: every call carries the key entered at login.
const KEY = 'seqwatch.key';

export const session = {
  key: () => sessionStorage.getItem(KEY),
  remember: (key) => sessionStorage.setItem(KEY, key),
  forget: () => sessionStorage.removeItem(KEY),
};

/** An API answer that is not 2xx: its status and its problem+json detail when there is one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && (problem.detail || problem.title) ? (problem.detail || problem.title) : 'HTTP ' + status);
    this.status = status;
    this.problem = problem;
  }
}

/** Fetches a path of this service with the key; resolves to parsed JSON, rejects with an ApiError. */
export async function api(path, options = {}) {
  const headers = Object.assign({ Accept: 'application/json' }, options.headers || {});
  const key = options.key || session.key();
  if (key) headers.Authorization = 'ApiKey ' + key;
  const response = await fetch(path, Object.assign({}, options, { headers }));
  const text = await response.text();
  let body = null;
  if (text) {
    try { body = JSON.parse(text); } catch (notJson) { body = { detail: text }; }
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/** Posts JSON. */
export function post(path, value) {
  return api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) });
}

/** A query string of the non-empty entries of an object. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, value);
  }
  const text = search.toString();
  return text ? '?' + text : '';
}
