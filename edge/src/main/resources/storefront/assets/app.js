// The storefront's router: the edge serves the same shell for every page (StorefrontRoutes.PAGES);
// this picks the page from the path, and keeps links inside the page (History API) after the first load.
import { api } from './api.js';
import { h, show, errorBox } from './view.js';
import { loadCart, updateCount } from './cart.js';
import * as pages from './pages.js';

const ROUTES = [
  { exact: '/', page: pages.home },
  { exact: '/search', page: pages.search },
  { exact: '/cart', page: pages.cart },
  { prefix: '/category/', page: pages.category },
  { prefix: '/product/', page: pages.product },
  { prefix: '/orders/', page: pages.order },
];

let current = 0;

function match(path) {
  for (const r of ROUTES) {
    if (r.exact === path) return { page: r.page, rest: '' };
    if (r.prefix && path.startsWith(r.prefix) && path.length > r.prefix.length) {
      return { page: r.page, rest: decodeURIComponent(path.slice(r.prefix.length)) };
    }
  }
  return null;
}

async function render(focus) {
  const navigation = ++current;
  const url = new URL(window.location.href);
  const found = match(url.pathname);
  markCategory(url.pathname);
  if (!found) {
    show('Not found', h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '/' }, 'Back to the shop')));
    return;
  }
  const ctx = { rest: found.rest, query: url.searchParams, alive: () => navigation === current };
  if (focus) document.getElementById('main').focus();
  try {
    await found.page(ctx);
  } catch (e) {
    // A page's own failure is shown, not lost: the shopper can go on browsing.
    console.error('storefront page failed', e);
    if (ctx.alive()) show('Error', h('h1', {}, 'Something went wrong'), errorBox('Please reload the page.'));
  }
}

export function navigate(path) {
  if (path !== window.location.pathname + window.location.search) window.history.pushState({}, '', path);
  render(true);
  window.scrollTo(0, 0);
}

function markCategory(path) {
  for (const a of document.querySelectorAll('#category-list a')) {
    if (a.getAttribute('href') === path) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function loadCategories() {
  const list = document.getElementById('category-list');
  try {
    const { items } = await api('/categories', { retryShed: false, timeoutMs: 3000 });
    list.replaceChildren(...items.map((c) => h('li', {}, h('a', { href: `/category/${encodeURIComponent(c)}` }, c))));
    markCategory(window.location.pathname);
  } catch {
    list.replaceChildren(h('li', {}, 'Categories are unavailable right now.'));
  }
}

document.addEventListener('click', (ev) => {
  const a = ev.target instanceof Element ? ev.target.closest('a[href]') : null;
  if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  const url = new URL(a.href, window.location.href);
  if (url.origin !== window.location.origin || url.pathname.startsWith('/api/') || a.hasAttribute('download')) return;
  if (url.hash && url.pathname === window.location.pathname) return;
  ev.preventDefault();
  navigate(url.pathname + url.search);
});

document.querySelector('form.search').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const q = new FormData(ev.target).get('q') || '';
  navigate(`/search?q=${encodeURIComponent(String(q).trim())}`);
});

window.addEventListener('popstate', () => render(true));
window.addEventListener('storefront:navigate', (ev) => navigate(ev.detail));

render(false);
loadCategories();
loadCart().then(updateCount).catch(() => updateCount(null));
