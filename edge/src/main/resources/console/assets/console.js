// The operations console: panels chosen by the URL's fragment, each polling the edge's admin API
// while shown. A busy edge (503/429) is asked again after its Retry-After.
import { getJson, post, Busy } from './api.js';
import { renderTopology } from './topology.js';
import { createTraffic } from './traffic.js';

const PANELS = {
  topology: { path: '/admin/console/topology', everyMs: 2000 },
  traffic: { path: '/admin/traffic', everyMs: 1000 },
};
const status = document.getElementById('status');
const updateTraffic = createTraffic(document.getElementById('traffic-body'), document.getElementById('traffic-summary'));
let timer = null;
let generation = 0;

function current() {
  const name = window.location.hash.replace('#', '');
  return PANELS[name] ? name : 'topology';
}

function show(name) {
  for (const key of Object.keys(PANELS)) {
    document.getElementById(`panel-${key}`).hidden = key !== name;
  }
  for (const link of document.querySelectorAll('[data-panel]')) {
    if (link.dataset.panel === name) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
}

async function poll(name, mine) {
  let delay = PANELS[name].everyMs;
  try {
    const data = await getJson(PANELS[name].path);
    if (mine !== generation) return;
    if (name === 'topology') {
      renderTopology(data, document.getElementById('topology-body'), document.getElementById('topology-summary'));
    } else {
      updateTraffic(data, Date.now());
    }
    status.textContent = '';
  } catch (e) {
    if (mine !== generation) return;
    if (e instanceof Busy) delay = e.retryAfterSeconds * 1000;
    status.textContent = e.message;
  }
  if (mine === generation) timer = setTimeout(() => poll(name, mine), delay);
}

function start() {
  clearTimeout(timer);
  generation += 1;
  const name = current();
  show(name);
  poll(name, generation);
}

window.addEventListener('hashchange', start);
document.getElementById('sign-out').addEventListener('click', async () => {
  try {
    await post('/console/session/end');
    window.location.assign('/console?signed-out=1');
  } catch (e) {
    status.textContent = `Could not sign out: ${e.message}`;
  }
});
start();
