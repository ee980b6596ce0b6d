// The traffic panel: admitted and shed rates by criticality class, taken from two readings of the
// edge's running totals (GET /admin/traffic, byClass), and the recent checkouts' latency.
import { lineChart, formatValue } from './chart.js';

const WINDOW_MS = 120_000;
/** Bounded history: the window at one reading a second, and some slack. */
const MAX_POINTS = 150;
const CLASSES = ['CRITICAL_PLUS', 'CRITICAL', 'SHEDDABLE_PLUS', 'SHEDDABLE'];

export function createTraffic(container, summary) {
  const history = { admitted: {}, shed: {}, latency: { p50: [], p95: [], p99: [] } };
  for (const c of CLASSES) { history.admitted[c] = []; history.shed[c] = []; }
  let previous = null;

  const charts = document.createElement('div');
  charts.className = 'charts';
  const figures = ['admitted', 'shed', 'latency'].map(id => {
    const f = document.createElement('figure');
    f.id = `chart-${id}`;
    charts.appendChild(f);
    return f;
  });
  const drawAdmitted = lineChart(figures[0], 'Admitted requests by class', 'req/s', WINDOW_MS);
  const drawShed = lineChart(figures[1], 'Shed requests by class (503 and 429)', 'req/s', WINDOW_MS);
  const drawLatency = lineChart(figures[2], 'Checkout latency through the edge', 'ms', WINDOW_MS);
  const numbers = document.createElement('div');
  container.replaceChildren(charts, numbers);

  const push = (list, point) => { list.push(point); if (list.length > MAX_POINTS) list.splice(0, list.length - MAX_POINTS); };

  return function update(data, now) {
    const totals = data.byClass;
    if (previous) {
      const seconds = (now - previous.at) / 1000;
      for (const c of CLASSES) {
        const admitted = (totals[c].admitted - previous.totals[c].admitted) / seconds;
        const shed = (totals[c].rejected - previous.totals[c].rejected) / seconds;
        // A restarted edge starts its totals again: no negative rate, a gap instead.
        push(history.admitted[c], [now, admitted >= 0 ? admitted : null]);
        push(history.shed[c], [now, shed >= 0 ? shed : null]);
      }
    }
    previous = { at: now, totals };
    const lat = data.checkoutLatency || {};
    push(history.latency.p50, [now, lat.p50Millis ?? null]);
    push(history.latency.p95, [now, lat.p95Millis ?? null]);
    push(history.latency.p99, [now, lat.p99Millis ?? null]);

    drawAdmitted(CLASSES.map(c => ({ name: c, points: history.admitted[c] })), now);
    drawShed(CLASSES.map(c => ({ name: c, points: history.shed[c] })), now);
    drawLatency([{ name: 'p50', points: history.latency.p50 }, { name: 'p95', points: history.latency.p95 },
      { name: 'p99', points: history.latency.p99 }], now);

    const last = (list) => list.length ? list[list.length - 1][1] : null;
    const admittedNow = CLASSES.reduce((sum, c) => sum + (last(history.admitted[c]) ?? 0), 0);
    const shedNow = CLASSES.reduce((sum, c) => sum + (last(history.shed[c]) ?? 0), 0);
    summary.textContent = previous && history.admitted.CRITICAL_PLUS.length
      ? `Admitted ${formatValue(admittedNow)} req/s, shed ${formatValue(shedNow)} req/s; `
        + (lat.count ? `checkout p95 ${formatValue(lat.p95Millis)} ms over the last ${lat.windowSeconds} s (${lat.count} checkouts, ${lat.failed} failed).`
          : `no checkout in the last ${lat.windowSeconds ?? 10} s.`)
      : 'Waiting for a second reading of the edge\'s counters…';
    summary.dataset.admittedPerSecond = String(admittedNow);

    const shop = data.admission;
    numbers.replaceChildren();
    const p = document.createElement('p');
    p.textContent = `Shop admission: mode ${shop.mode}${shop.enabled ? '' : ' (off)'}, limit ${shop.limit}, in flight ${shop.inflight}, `
      + `latency guard factor ${formatValue(shop.guardFactor)}` + (shop.shedBelow ? `, forced shedding below ${shop.shedBelow}` : '') + '.';
    numbers.appendChild(p);
  };
}
