// The topology panel: every role and instance (process, health), the stock ledger's Raft groups,
// and the edge's routing per upstream, from GET /admin/console/topology.

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : String(c ?? ''));
  return node;
}

const badge = (text, kind) => h('span', { class: `badge ${kind}` }, text);

function table(caption, headers, rows, numeric = []) {
  const head = h('tr', {}, ...headers.map((name, i) => h('th', { scope: 'col', class: numeric.includes(i) ? 'num' : '' }, name)));
  const body = rows.map(cells => h('tr', {}, ...cells.map((c, i) => i === 0
    ? h('th', { scope: 'row' }, c)
    : h('td', { class: numeric.includes(i) ? 'num' : '' }, c))));
  // Focusable and named: at phone width the wrapper scrolls sideways, and a keyboard must reach it.
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption }, h('table', {}, h('caption', {}, caption), h('thead', {}, head), h('tbody', {}, ...body)));
}

function processCell(p) {
  if (!p) return badge('not recorded', 'warn');
  const state = !p.alive && p.state === 'READY' ? 'DEAD' : p.state;
  const kind = state === 'READY' ? 'ok' : state === 'RESTARTING' || state === 'STARTING' ? 'warn' : 'bad';
  return badge(state.toLowerCase(), kind);
}

function healthCell(health) {
  if (!health.reachable) return badge(`unreachable: ${health.detail}`, 'bad');
  return health.ready ? badge('ready', 'ok') : badge(health.detail, 'bad');
}

export function renderTopology(data, container, summary) {
  const all = data.roles.flatMap(r => r.instances);
  const ready = all.filter(i => i.health.ready).length;
  const groups = data.raft.groups;
  const leaders = groups.map(g => `${g.name}: ${g.leaderInstance ?? g.leader ?? 'no leader'}`).join('; ');
  summary.textContent = `${ready} of ${all.length} instances ready` + (groups.length ? `; stock ledger leader ${leaders}` : '')
    + (data.cluster && data.cluster.phase ? `; supervisor says ${data.cluster.phase}` : '');

  const parts = [h('h2', {}, 'Instances')];
  if (data.cluster) {
    parts.push(h('p', { class: 'hint' }, data.cluster.error
      ? `Process state: ${data.cluster.error} (${data.cluster.source}).`
      : `Process state as the local supervisor recorded it at ${data.cluster.updatedAt} (${data.cluster.source}): ${data.cluster.message ?? ''}`));
  } else {
    parts.push(h('p', { class: 'hint' }, 'No local supervisor record: process state is not shown.'));
  }
  for (const role of data.roles) {
    parts.push(table(`Role ${role.role}`, ['Instance', 'Process', 'PID', 'Restarts', 'Health', 'URL'],
      role.instances.map(i => [i.name, processCell(i.process), i.process ? i.process.pid : '–',
        i.process ? i.process.restarts : '–', healthCell(i.health), i.url]), [2, 3]));
  }
  if (data.engines.length) {
    parts.push(table('Engines', ['Process', 'State', 'PID', 'Restarts'],
      data.engines.map(e => [e.name, processCell(e.process), e.process.pid, e.process.restarts]), [2, 3]));
  }

  parts.push(h('h2', {}, 'Stock ledger (Raft)'));
  if (!groups.length) parts.push(h('p', {}, 'No replica of the stock ledger answered.'));
  for (const g of groups) {
    const top = Math.max(0, ...g.replicas.map(r => r.appliedIndex));
    parts.push(table(`Group ${g.name}: leader ${g.leaderInstance ?? g.leader ?? 'none (election in progress)'}`,
      ['Replica', 'Peer', 'Role', 'Applied index', 'Behind the most advanced'],
      g.replicas.map(r => [r.instance, r.peer, r.isLeader ? badge('leader', 'ok') : 'follower', r.appliedIndex, top - r.appliedIndex]),
      [3, 4]));
  }
  for (const u of data.raft.unreachable) {
    parts.push(h('p', {}, badge(`${u.instance}: ${u.detail}`, 'bad')));
  }

  parts.push(h('h2', {}, 'Edge routing'));
  for (const [role, list] of Object.entries(data.routing)) {
    parts.push(table(`Upstream ${role}`, ['Instance', 'Routing', 'Requests', 'Failures', 'Failure rate', 'Overload answers', 'Weight'],
      list.map(u => [u.name,
        u.ejected ? badge('ejected', 'bad') : u.drained ? badge('drained', 'warn') : u.healthy ? badge('healthy', 'ok') : badge('down', 'bad'),
        u.requests, u.failures, `${(u.failureRate * 100).toFixed(1)} %`, u.overloadAnswers, Number(u.weight).toFixed(2)]),
      [2, 3, 4, 5, 6]));
  }
  container.replaceChildren(...parts);
}
