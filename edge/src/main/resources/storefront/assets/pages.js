// One function per storefront page. Each renders into <main> and may keep working (order status
// polling) while ctx.alive() says the shopper is still on it.
import { api } from './api.js';
import { h, money, stockBadge, show, errorBox, readFailure } from './view.js';
import { loadCart, addToCart, setQuantity, removeLine, updateCount, checkout, orderToken, CheckoutError } from './cart.js';

export const PAGE_SIZE = 12;
const FEATURED = 8;
/** Recommendations are nice to have: a short deadline and no waiting out a shed answer. */
const RECOMMENDATIONS_TIMEOUT_MS = 1500;
const ORDER_POLL_MS = 2000;
const ORDER_MAX_POLLS = 300;
const ORDER_STEPS = ['PLACED', 'PAID', 'SHIPPED', 'DELIVERED'];
const STEP_LABELS = { PLACED: 'Placed', PAID: 'Paid', SHIPPED: 'Shipped', DELIVERED: 'Delivered' };

// heading: one level below the heading the grid sits under (axe's heading-order).
function productCard(p, heading) {
  return h('li', {}, h('article', { class: 'card' },
    p.category ? h('p', { class: 'category' }, p.category) : null,
    h(heading, {}, h('a', { href: `/product/${encodeURIComponent(p.id)}` }, p.name)),
    h('p', { class: 'price' }, money(p.price))));
}

function grid(items, label, heading = 'h3') {
  return h('ul', { class: 'grid', 'aria-label': label }, items.map(p => productCard(p, heading)));
}

function section(id, title, ...body) {
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), ...body);
}

export async function home() {
  const featured = section('featured', 'Featured products', h('p', {}, 'Loading products…'));
  const recommended = section('recommended', 'Recommended for you', h('p', {}, 'Loading recommendations…'));
  show('Home', h('h1', {}, 'Welcome to the fivenines shop'), featured, recommended);
  let items;
  try {
    items = (await api(`/products?page=0&size=${FEATURED}`)).items;
    featured.replaceChildren(featured.firstChild, grid(items, 'Featured products'));
  } catch (e) {
    featured.replaceChildren(featured.firstChild, errorBox(readFailure(e, 'page')));
    recommended.remove();
    return;
  }
  recommended.replaceChildren(recommended.firstChild, await recommendationsFor(items[0]));
}

async function recommendationsFor(product) {
  if (!product) return h('p', { class: 'notice' }, 'No recommendations yet.');
  try {
    const rec = await api(`/recommendations?product=${encodeURIComponent(product.id)}&limit=4`,
      { timeoutMs: RECOMMENDATIONS_TIMEOUT_MS, retryShed: false });
    if (!rec.items || rec.items.length === 0) {
      return h('p', { class: 'notice' }, 'No recommendations yet: they appear once shoppers have bought together.');
    }
    return h('div', {}, h('p', {}, `Often bought with ${product.name}:`), grid(rec.items, 'Recommended products'));
  } catch {
    return h('p', { class: 'notice', 'data-testid': 'recommendations-unavailable' },
      'Recommendations are unavailable right now. Browse the categories above instead.');
  }
}

function pager(basePath, params, page, total) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const link = (n, text, rel) => {
    const q = new URLSearchParams(params);
    q.set('page', String(n));
    return h('a', { href: `${basePath}?${q}`, rel }, text);
  };
  return h('nav', { class: 'pager', 'aria-label': 'Pages' },
    page > 0 ? link(page - 1, 'Previous page', 'prev') : null,
    h('span', {}, `Page ${page + 1} of ${pages}`),
    page + 1 < pages ? link(page + 1, 'Next page', 'next') : null);
}

/** A page of products: `params` go to the API, `linkParams` into the pager's links. */
async function listing(title, intro, basePath, params, linkParams, query) {
  const page = Math.max(0, Number.parseInt(query.get('page') || '0', 10) || 0);
  show(title, h('h1', {}, title), h('p', {}, 'Loading…'));
  try {
    const q = new URLSearchParams(params);
    q.set('page', String(page));
    q.set('size', String(PAGE_SIZE));
    const result = await api(`/products?${q}`);
    const count = h('p', { role: 'status' }, result.total === 1 ? intro(1) : intro(result.total));
    if (result.items.length === 0) {
      show(title, h('h1', {}, title), count);
      return;
    }
    show(title, h('h1', {}, title), count, grid(result.items, title, 'h2'), pager(basePath, linkParams, page, result.total));
  } catch (e) {
    show(title, h('h1', {}, title), errorBox(readFailure(e, 'page')));
  }
}

export function search(ctx) {
  const q = (ctx.query.get('q') || '').trim();
  const input = document.getElementById('search-q');
  if (input) input.value = q;
  if (!q) {
    show('Search', h('h1', {}, 'Search'), h('p', {}, 'Type what you are looking for in the search box above.'));
    return undefined;
  }
  return listing(`Results for “${q}”`, (n) => `${n} product${n === 1 ? '' : 's'} found.`, '/search', { q }, { q }, ctx.query);
}

export function category(ctx) {
  const name = ctx.rest;
  return listing(name, (n) => `${n} product${n === 1 ? '' : 's'} in ${name}.`, `/category/${encodeURIComponent(name)}`,
    { category: name }, {}, ctx.query);
}

export async function product(ctx) {
  const id = ctx.rest;
  show('Product', h('h1', {}, 'Loading product…'));
  let p;
  try {
    p = await api(`/products/${encodeURIComponent(id)}`);
  } catch (e) {
    show('Product', h('h1', {}, 'Product'), errorBox(readFailure(e, 'product')));
    return;
  }
  const badge = stockBadge(p.availableUnits, p.stockMaxStalenessMillis);
  const qty = h('input', { id: 'qty', name: 'quantity', type: 'number', min: 1, max: 999, value: 1, inputmode: 'numeric' });
  const status = h('p', { role: 'status', id: 'add-status' });
  const button = h('button', { type: 'submit', disabled: badge.kind === 'out' }, badge.kind === 'out' ? 'Sold out' : 'Add to cart');
  const form = h('form', {
    class: 'add', onsubmit: async (ev) => {
      ev.preventDefault();
      const quantity = Number.parseInt(qty.value, 10);
      if (!(quantity >= 1 && quantity <= 999)) { status.textContent = 'Choose a quantity from 1 to 999.'; return; }
      button.disabled = true;
      status.textContent = 'Adding…';
      try {
        const cart = await addToCart(p.id, quantity);
        status.replaceChildren(`Added to your cart (${cart.itemCount} item${cart.itemCount === 1 ? '' : 's'}). `,
          h('a', { href: '/cart' }, 'Go to cart'));
      } catch (e) {
        status.textContent = e.status === 422 ? 'A cart line holds at most 999 units.' : readFailure(e, 'cart');
      } finally {
        button.disabled = false;
      }
    },
  }, h('label', { for: 'qty' }, 'Quantity '), qty, ' ', button);
  const recTitle = p.recommendationsSource === 'co-purchase' ? 'Customers also bought' : 'Popular right now';
  show(p.name, h('article', { class: 'product' },
    h('p', { class: 'category' }, h('a', { href: `/category/${encodeURIComponent(p.category)}` }, p.category)),
    h('h1', {}, p.name),
    h('p', {}, p.description),
    h('p', { class: 'price' }, money(p.price)),
    h('p', {}, h('span', { class: `stock ${badge.kind}`, 'data-testid': 'stock-badge' }, badge.label), ' ',
      h('span', { class: 'freshness' }, badge.freshness)),
    form, status),
  p.recommendations && p.recommendations.length
    ? section('also', recTitle, grid(p.recommendations, recTitle)) : null);
}

export async function cart() {
  show('Cart', h('h1', {}, 'Your cart'), h('p', {}, 'Loading your cart…'));
  let c;
  try {
    c = updateCount(await loadCart());
  } catch (e) {
    show('Cart', h('h1', {}, 'Your cart'), errorBox(readFailure(e, 'cart')));
    return;
  }
  renderCart(c);
}

// typedEmail: what the shopper had typed before a quantity change redrew the page, kept for them.
function renderCart(c, typedEmail = '') {
  if (!c || c.lines.length === 0) {
    show('Cart', h('h1', {}, 'Your cart'), h('p', {}, 'Your cart is empty. ', h('a', { href: '/' }, 'Find something you like.')));
    return;
  }
  const status = h('p', { role: 'status', id: 'cart-status' });
  const change = async (op) => {
    status.textContent = 'Updating…';
    try {
      renderCart(await op(), email.value);
      document.getElementById('cart-status').textContent = 'Cart updated.';
    } catch (e) {
      status.textContent = e.status === 422 ? 'A cart line holds 1 to 999 units.' : readFailure(e, 'cart');
    }
  };
  const rows = c.lines.map((line, i) => {
    const inputId = `qty-${i}`;
    const input = h('input', { id: inputId, type: 'number', min: 1, max: 999, value: line.quantity, inputmode: 'numeric' });
    input.addEventListener('change', () => {
      const q = Number.parseInt(input.value, 10);
      if (q >= 1 && q <= 999) change(() => setQuantity(line.productId, q));
      else status.textContent = 'Choose a quantity from 1 to 999, or remove the item.';
    });
    return h('tr', {},
      h('td', {}, h('a', { href: `/product/${encodeURIComponent(line.productId)}` }, line.name)),
      h('td', {}, h('label', { for: inputId, class: 'visually-hidden' }, `Quantity of ${line.name}`), input),
      h('td', {}, money(line.lineTotal)),
      h('td', {}, h('button', { type: 'button', class: 'secondary', onclick: () => change(() => removeLine(line.productId)) },
        'Remove', h('span', { class: 'visually-hidden' }, ` ${line.name}`))));
  });
  const email = h('input', { id: 'email', name: 'email', type: 'email', required: true, autocomplete: 'email', maxlength: 254 });
  email.value = typedEmail;
  const checkoutStatus = h('div', { id: 'checkout-status', 'aria-live': 'polite' });
  const place = h('button', { type: 'submit', id: 'place-order' }, 'Place order');
  const form = h('form', {
    class: 'checkout', 'aria-labelledby': 'checkout-h', onsubmit: async (ev) => {
      ev.preventDefault();
      place.disabled = true;
      checkoutStatus.replaceChildren(h('p', {}, 'Placing your order…'));
      try {
        const placed = await checkout(email.value.trim());
        window.dispatchEvent(new CustomEvent('storefront:navigate', { detail: `/orders/${placed.id}` }));
      } catch (e) {
        const message = e instanceof CheckoutError ? e.message : 'Something went wrong. Press "Place order" again; you will not be charged twice.';
        checkoutStatus.replaceChildren(errorBox(message));
        place.disabled = false;
      }
    },
  }, h('h2', { id: 'checkout-h' }, 'Checkout'), h('label', { for: 'email' }, 'Email for your receipt'), email, place, checkoutStatus);
  show('Cart', h('h1', {}, 'Your cart'),
    h('table', { class: 'cart' },
      h('caption', { class: 'visually-hidden' }, 'Items in your cart'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Product'), h('th', { scope: 'col' }, 'Quantity'),
        h('th', { scope: 'col' }, 'Price'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', {}, rows)),
    h('p', { class: 'total' }, `Total: ${money(c.total)}`), status, form);
}

export async function order(ctx) {
  const id = ctx.rest;
  const token = ctx.query.get('token') || orderToken(id);
  if (!token) {
    show('Order', h('h1', {}, 'Order'), errorBox('We do not have this order on this device. Open the link from your order confirmation.'));
    return;
  }
  for (let poll = 0; poll < ORDER_MAX_POLLS && ctx.alive(); poll++) {
    let o;
    try {
      o = await api(`/orders/${encodeURIComponent(id)}`, { headers: { 'X-Order-Token': token } });
    } catch (e) {
      if (!ctx.alive()) return;
      show('Order', h('h1', {}, 'Order'), errorBox(readFailure(e, 'order')));
      if (e.status === 404) return;
      await new Promise((r) => setTimeout(r, ORDER_POLL_MS));
      continue;
    }
    if (!ctx.alive()) return;
    renderOrder(o);
    if (o.status === 'DELIVERED' || o.status === 'CANCELLED') return;
    await new Promise((r) => setTimeout(r, ORDER_POLL_MS));
  }
}

function renderOrder(o) {
  const reached = ORDER_STEPS.indexOf(o.status);
  const steps = h('ol', { class: 'steps', 'aria-label': 'Order progress' }, ORDER_STEPS.map((s, i) => h('li', {
    class: i <= reached ? 'done' : '', 'aria-current': i === reached ? 'step' : null,
  }, STEP_LABELS[s], i <= reached ? h('span', { class: 'visually-hidden' }, ' (done)') : null)));
  show(`Order ${o.id.slice(0, 8)}`,
    h('h1', {}, 'Thank you for your order'),
    h('p', {}, 'Order number ', h('code', {}, o.id)),
    h('p', { role: 'status', 'data-testid': 'order-status' }, `Status: ${o.status === 'CANCELLED' ? 'Cancelled' : STEP_LABELS[o.status] || o.status}`),
    o.status === 'CANCELLED' ? null : steps,
    h('table', { class: 'cart' }, h('caption', { class: 'visually-hidden' }, 'Items in this order'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Product'), h('th', { scope: 'col' }, 'Quantity'), h('th', { scope: 'col' }, 'Price'))),
      h('tbody', {}, o.lines.map((l) => h('tr', {}, h('td', {}, l.name), h('td', {}, String(l.quantity)), h('td', {}, money(l.lineTotal)))))),
    h('p', { class: 'total' }, `Total: ${money(o.total)}`),
    h('p', {}, `A receipt goes to ${o.email}.`));
}
