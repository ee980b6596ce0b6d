// The shop API as the pages use it: every call has a deadline, and a shed answer (503 or 429 with
// Retry-After) shows "busy, retrying in N s" and is retried after Retry-After, a bounded number of times.

export const API = '/api/v1';
/** How many shed answers in a row a call waits out before it gives up and says so. */
export const MAX_SHED_RETRIES = 5;
/** Deadline of one request; checkout's answer includes a payment authorization, so it gets longer. */
export const DEFAULT_TIMEOUT_MS = 8000;
const MAX_RETRY_AFTER_S = 60;

/** A non-2xx answer (status 0: no answer at all), with its problem+json body when there was one. */
export class ApiError extends Error {
  constructor(status, problem, retryAfterSeconds) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.retryAfterSeconds = retryAfterSeconds;
  }
  get type() { return this.problem.type || ''; }
}

/** Seconds from Retry-After (delta-seconds; an HTTP date or garbage counts as 1), within [1, 60]. */
export function retryAfterSeconds(headers) {
  const n = Number.parseInt(headers.get('Retry-After') || '', 10);
  return Number.isFinite(n) ? Math.min(Math.max(n, 1), MAX_RETRY_AFTER_S) : 1;
}

const busy = {
  waiting: 0,
  el() { return document.getElementById('busy'); },
  /** Shows the countdown and resolves after `seconds`. */
  wait(seconds) {
    this.waiting++;
    return new Promise((resolve) => {
      let left = seconds;
      const tick = () => {
        const el = this.el();
        if (left <= 0) {
          if (--this.waiting === 0 && el) { el.textContent = 'Retrying now…'; }
          resolve();
          return;
        }
        if (el) {
          el.hidden = false;
          el.textContent = `The shop is busy right now. Retrying in ${left} s…`;
        }
        left--;
        setTimeout(tick, 1000);
      };
      tick();
    });
  },
  clear() {
    const el = this.el();
    if (el && this.waiting === 0) { el.hidden = true; el.textContent = ''; }
  },
  giveUp() {
    const el = this.el();
    if (el) { el.hidden = false; el.textContent = 'The shop is still busy. Please try again in a minute.'; }
  },
};

/**
 * Calls the API. Resolves to the parsed JSON (null for an empty body); rejects with ApiError.
 * options: method, body (JSON), headers, timeoutMs, retryShed (default true: wait out 503/429).
 */
export async function api(path, options = {}) {
  const { method = 'GET', body, headers = {}, timeoutMs = DEFAULT_TIMEOUT_MS, retryShed = true } = options;
  for (let shed = 0; ; shed++) {
    let res;
    try {
      res = await fetch(API + path, {
        method,
        headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      busy.clear();
      throw new ApiError(0, { title: 'No answer', detail: e && e.name === 'TimeoutError'
        ? 'The shop did not answer in time.' : 'The shop could not be reached.' });
    }
    if ((res.status === 503 || res.status === 429) && retryShed) {
      if (shed < MAX_SHED_RETRIES) {
        await busy.wait(retryAfterSeconds(res.headers));
        continue;
      }
      busy.giveUp();
    } else {
      busy.clear();
    }
    const text = await res.text();
    let data = null;
    if (text) {
      try { data = JSON.parse(text); } catch { data = { detail: text.slice(0, 200) }; }
    }
    if (!res.ok) {
      throw new ApiError(res.status, data, res.headers.has('Retry-After') ? retryAfterSeconds(res.headers) : null);
    }
    return data;
  }
}

/** Waits `seconds` showing the busy countdown (checkout's own retries use it too). */
export function waitBusy(seconds) { return busy.wait(seconds); }
export function clearBusy() { busy.clear(); }
