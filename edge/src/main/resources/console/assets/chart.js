// A small time-series line chart drawn as SVG: no library, no network. Each series is a bounded
// list of [timeMillis, value] points the caller keeps; the chart draws the last `windowMillis`.

const SVG = 'http://www.w3.org/2000/svg';
const W = 480, H = 200, LEFT = 48, RIGHT = 8, TOP = 10, BOTTOM = 24;

function el(name, attrs, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.appendChild(node);
  return node;
}

/** A "nice" upper bound for the y axis: 1, 2 or 5 times a power of ten. */
export function niceMax(value) {
  if (!(value > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(value)));
  for (const m of [1, 2, 5, 10]) if (value <= m * p) return m * p;
  return 10 * p;
}

export function formatValue(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

/**
 * Creates a chart in `figure` (a <figure>): `title` its caption, `unit` the y axis's. Returns
 * draw(series, nowMillis), series = [{name, points: [[t, v], ...]}], values null for "no data".
 */
export function lineChart(figure, title, unit, windowMillis) {
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  figure.appendChild(caption);
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img' }, figure);
  const svgTitle = el('title', {}, svg);
  const plot = el('g', {}, svg);
  const legend = document.createElement('ul');
  legend.className = 'legend';
  figure.appendChild(legend);

  return function draw(series, now) {
    const t0 = now - windowMillis;
    let max = 0;
    for (const s of series) for (const [t, v] of s.points) if (t >= t0 && v !== null && v > max) max = v;
    const top = niceMax(max);
    const x = (t) => LEFT + ((t - t0) / windowMillis) * (W - LEFT - RIGHT);
    const y = (v) => TOP + (1 - v / top) * (H - TOP - BOTTOM);
    plot.replaceChildren();
    for (const frac of [0, 0.5, 1]) {
      el('line', { x1: LEFT, x2: W - RIGHT, y1: y(top * frac), y2: y(top * frac), class: frac === 0 ? 'axis' : 'grid' }, plot);
      el('text', { x: LEFT - 4, y: y(top * frac) + 4, 'text-anchor': 'end' }, plot).textContent = formatValue(top * frac);
    }
    el('line', { x1: LEFT, x2: LEFT, y1: TOP, y2: H - BOTTOM, class: 'axis' }, plot);
    el('text', { x: LEFT, y: H - 6 }, plot).textContent = `-${Math.round(windowMillis / 1000)} s`;
    el('text', { x: W - RIGHT, y: H - 6, 'text-anchor': 'end' }, plot).textContent = `now (${unit})`;
    legend.replaceChildren();
    const latest = [];
    series.forEach((s, i) => {
      // A gap (null) breaks the line: no data is never drawn as zero.
      let d = '';
      let pen = false;
      for (const [t, v] of s.points) {
        if (t < t0 || v === null) { pen = false; continue; }
        d += `${pen ? 'L' : 'M'}${x(t).toFixed(1)},${y(v).toFixed(1)}`;
        pen = true;
      }
      if (d) el('path', { d, class: `line s${i % 6}` }, plot);
      const last = s.points.length ? s.points[s.points.length - 1][1] : null;
      // The latest reading as a dot: visible from the first point, before there is a line.
      if (last !== null && s.points.length) {
        el('circle', { cx: x(s.points[s.points.length - 1][0]).toFixed(1), cy: y(last).toFixed(1), r: 3, class: `dot s${i % 6}` }, plot);
      }
      latest.push(`${s.name} ${formatValue(last)} ${unit}`);
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = `swatch s${i % 6}`;
      item.append(swatch, `${s.name}: ${formatValue(last)} ${unit}`);
      legend.appendChild(item);
    });
    svgTitle.textContent = `${title}, last ${Math.round(windowMillis / 1000)} s; now: ${latest.join(', ')}`;
  };
}
