// The console's calls to the edge's admin API, authenticated by the console's session cookie.

/** Sent on every call: the edge requires it of unsafe calls made with the cookie (CSRF, decision 042). */
export const CSRF_HEADER = 'X-Fivenines-Console';
const DEADLINE_MS = 3000;

/** A call the edge refused for load: try again after `retryAfterSeconds`. */
export class Busy extends Error {
  constructor(retryAfterSeconds, detail) {
    super(detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

async function call(method, path) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), DEADLINE_MS);
  let res;
  try {
    res = await fetch(path, { method, credentials: 'same-origin', signal: controller.signal,
      headers: { Accept: 'application/json', [CSRF_HEADER]: '1' } });
  } catch (e) {
    throw new Error(e.name === 'AbortError' ? `${path}: no answer within ${DEADLINE_MS / 1000} s` : `${path}: ${e.message}`);
  } finally {
    clearTimeout(timer);
  }
  if (res.status === 401) {
    // The session expired or was never there: the console's page is then the sign-in form.
    window.location.assign('/console');
    throw new Error('signed out');
  }
  if (res.status === 503 || res.status === 429) {
    const seconds = Math.max(1, Math.min(60, parseInt(res.headers.get('Retry-After') || '2', 10) || 2));
    throw new Busy(seconds, `${path}: the edge is busy (${res.status}); retrying in ${seconds} s`);
  }
  if (!res.ok) {
    let detail = `${res.status}`;
    try { detail = (await res.json()).detail || detail; } catch { /* not problem+json: the status says it */ }
    throw new Error(`${path}: ${detail}`);
  }
  return res.status === 204 ? null : res.json();
}

export const getJson = (path) => call('GET', path);
export const post = (path) => call('POST', path);
