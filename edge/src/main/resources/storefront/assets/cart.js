// The cart (its id kept in localStorage) and checkout, whose Idempotency-Key belongs to one purchase
// attempt: a double click joins the attempt in flight, and a retry (shed, timeout, no answer, a page
// reload) sends the same key, so the shop places at most one order for it.
import { api, ApiError, waitBusy, clearBusy } from './api.js';

const CART_KEY = 'fivenines.cartId';
const ORDERS_KEY = 'fivenines.orders';
const ATTEMPT_KEY = 'fivenines.checkoutAttempt';
/** Resends of one attempt after no answer, a 502 or a 504 (shed answers are waited out by api()). */
const MAX_RESENDS = 3;
const CHECKOUT_TIMEOUT_MS = 15000;

export function cartId() { return localStorage.getItem(CART_KEY); }

/** The cart, or null when there is none yet (or the one remembered is gone). */
export async function loadCart() {
  const id = cartId();
  if (!id) return null;
  try {
    return await api(`/carts/${encodeURIComponent(id)}`);
  } catch (e) {
    if (e.status === 404) { localStorage.removeItem(CART_KEY); return null; }
    throw e;
  }
}

async function ensureCart() {
  const existing = await loadCart();
  if (existing) return existing;
  const created = await api('/carts', { method: 'POST' });
  localStorage.setItem(CART_KEY, created.id);
  return created;
}

export async function addToCart(productId, quantity) {
  const cart = await ensureCart();
  try {
    return updateCount(await api(`/carts/${cart.id}/lines`, { method: 'POST', body: { productId, quantity } }));
  } catch (e) {
    // A cart already checked out cannot change: start a new one for this product.
    if (e.status === 409) {
      localStorage.removeItem(CART_KEY);
      const fresh = await ensureCart();
      return updateCount(await api(`/carts/${fresh.id}/lines`, { method: 'POST', body: { productId, quantity } }));
    }
    throw e;
  }
}

export async function setQuantity(productId, quantity) {
  return updateCount(await api(`/carts/${cartId()}/lines/${encodeURIComponent(productId)}`, { method: 'PUT', body: { quantity } }));
}

export async function removeLine(productId) {
  return updateCount(await api(`/carts/${cartId()}/lines/${encodeURIComponent(productId)}`, { method: 'DELETE' }));
}

export function updateCount(cart) {
  const el = document.getElementById('cart-count');
  if (el) el.textContent = String(cart ? cart.itemCount : 0);
  return cart;
}

export function rememberOrder(orderId, token) {
  const orders = JSON.parse(localStorage.getItem(ORDERS_KEY) || '{}');
  orders[orderId] = token;
  localStorage.setItem(ORDERS_KEY, JSON.stringify(orders));
}

export function orderToken(orderId) {
  return JSON.parse(localStorage.getItem(ORDERS_KEY) || '{}')[orderId] || null;
}

/** The attempt of this cart still open (its key is reused), or a new one. */
function attemptFor(id, email) {
  const saved = JSON.parse(sessionStorage.getItem(ATTEMPT_KEY) || 'null');
  if (saved && saved.cartId === id && saved.email === email) return saved;
  const attempt = { cartId: id, email, key: crypto.randomUUID() };
  sessionStorage.setItem(ATTEMPT_KEY, JSON.stringify(attempt));
  return attempt;
}

function endAttempt() { sessionStorage.removeItem(ATTEMPT_KEY); }

let inFlight = null;

/**
 * Places the order for the current cart. Concurrent calls (a double click) share one request.
 * Resolves to the placed order ({id, status, accessToken, ...}); rejects with a CheckoutError saying what to do.
 */
export function checkout(email) {
  if (!inFlight) {
    inFlight = placeOrder(email).finally(() => { inFlight = null; });
  }
  return inFlight;
}

async function placeOrder(email) {
  const id = cartId();
  if (!id) throw new CheckoutError('Your cart is empty. Add something first.', false);
  const attempt = attemptFor(id, email);
  for (let resend = 0; ; resend++) {
    try {
      const placed = await api('/checkout', {
        method: 'POST',
        headers: { 'Idempotency-Key': attempt.key },
        body: { cartId: id, email },
        timeoutMs: CHECKOUT_TIMEOUT_MS,
      });
      rememberOrder(placed.id, placed.accessToken);
      localStorage.removeItem(CART_KEY);
      endAttempt();
      updateCount(null);
      return placed;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const again = e.status === 0 || e.status === 502 || e.status === 504
        || (e.status === 409 && e.type.endsWith('/request-in-progress'));
      if (again && resend < MAX_RESENDS) {
        // The first send may have placed the order: the same key makes the shop answer it again.
        await waitBusy(e.retryAfterSeconds || 2 ** resend);
        continue;
      }
      clearBusy();
      throw explain(e);
    }
  }
}

/** What the shopper reads, and whether trying again with the same cart can help. */
export class CheckoutError extends Error {
  constructor(message, retryable) { super(message); this.retryable = retryable; }
}

function explain(e) {
  const type = e.type;
  if (e.status === 402) {
    endAttempt();
    return new CheckoutError('Your payment was declined, and nothing was charged. Check your payment details or use another card, then place the order again.', true);
  }
  if (type.endsWith('/out-of-stock')) {
    endAttempt();
    const short = (e.problem.shortages || []).map((s) => s.productId || s.sku).filter(Boolean).join(', ');
    return new CheckoutError(`Some items sold out${short ? ` (${short})` : ''}. Lower their quantity or remove them from your cart, then try again.`, true);
  }
  if (type.endsWith('/cart-checked-out')) {
    localStorage.removeItem(CART_KEY);
    endAttempt();
    return new CheckoutError('This cart was already ordered. Your order is safe; start a new cart to buy more.', false);
  }
  if (type.endsWith('/empty-cart')) {
    endAttempt();
    return new CheckoutError('Your cart is empty. Add something first.', false);
  }
  if (e.status === 400 || e.status === 422) {
    endAttempt();
    return new CheckoutError('Please check your email address (for example name@example.com) and try again.', true);
  }
  if (e.status === 404) {
    localStorage.removeItem(CART_KEY);
    endAttempt();
    return new CheckoutError('We could not find your cart. Please add your items again.', false);
  }
  // Busy, unreachable or failing: the attempt stays open, so pressing the button again cannot order twice.
  return new CheckoutError('The shop could not confirm your order yet. Nothing is lost: press "Place order" again in a moment and you will not be charged twice.', true);
}
