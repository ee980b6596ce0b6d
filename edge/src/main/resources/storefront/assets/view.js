// Small DOM helpers. Text from the API only ever goes in as text nodes (no innerHTML), so a product
// name can never become markup; the CSP forbids inline script as a second line.

/** h('a', {href: '/'}, 'text', child...): an element with attributes (on* keys become listeners) and children. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Money {amount: "12.50", currency: "USD"} as "$12.50". */
export function money(m) {
  if (!m) return '';
  const n = Number(m.amount);
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: m.currency }).format(n);
  } catch {
    return `${m.amount} ${m.currency}`;
  }
}

/** Units at or below which the badge says "only N left". */
export const LOW_STOCK_UNITS = 5;

/**
 * The stock badge of a product page: what the bounded-staleness read says, and how fresh it is.
 * availableUnits null: the ledger did not answer (checkout still asks it itself).
 */
export function stockBadge(availableUnits, maxStalenessMillis) {
  let label;
  let kind;
  if (availableUnits === null || availableUnits === undefined) {
    label = 'Stock unknown right now'; kind = 'unknown';
  } else if (availableUnits <= 0) {
    label = 'Sold out'; kind = 'out';
  } else if (availableUnits <= LOW_STOCK_UNITS) {
    label = `Only ${availableUnits} left`; kind = 'low';
  } else {
    label = 'In stock'; kind = 'in';
  }
  return { label, kind, freshness: freshness(availableUnits, maxStalenessMillis) };
}

export function freshness(availableUnits, maxStalenessMillis) {
  if (availableUnits === null || availableUnits === undefined || maxStalenessMillis === null || maxStalenessMillis === undefined) {
    return 'We could not check stock just now; checkout confirms it.';
  }
  if (maxStalenessMillis === 0) return 'Checked just now.';
  const seconds = Math.max(1, Math.ceil(maxStalenessMillis / 1000));
  return `Checked within the last ${seconds} s; checkout confirms it.`;
}

/** Replaces main's content, sets the title, and moves focus to the page (for screen readers). */
export function show(title, ...children) {
  const main = document.getElementById('main');
  main.replaceChildren(...children.flat());
  document.title = `${title} · fivenines shop`;
  return main;
}

export function errorBox(message, ...extra) {
  return h('div', { class: 'error', role: 'alert' }, h('p', {}, message), ...extra);
}

/** What to tell a shopper about a failed read: busy, unreachable, or not found. */
export function readFailure(e, what) {
  if (e.status === 404) return `We could not find that ${what}.`;
  if (e.status === 503 || e.status === 429) return 'The shop is very busy. Please try again in a minute.';
  if (e.status === 0 || e.status === 502 || e.status === 504) return 'The shop did not answer. Check your connection and try again.';
  return `Something went wrong loading this ${what}. Please try again.`;
}
