#!/usr/bin/env python3
"""CPU of a local cluster over a window: per process (role JVMs, kafka, postgres + all its backends,
supervisor) and the top threads of each JVM. Usage: cpu.py STATE_DIR SECONDS [TOPTHREADS]"""
import json, os, sys, time
state, secs = sys.argv[1], float(sys.argv[2]); top = int(sys.argv[3]) if len(sys.argv) > 3 else 0
hz = os.sysconf('SC_CLK_TCK')
def ticks(path):
    try:
        s = open(path).read(); r = s.rsplit(')', 1)[1].split()
        return int(r[11]) + int(r[12]), s[s.index('(')+1:s.rindex(')')]
    except Exception: return None, None
def children(pid):
    out = []
    for p in os.listdir('/proc'):
        if p.isdigit():
            try:
                if int(open(f'/proc/{p}/stat').read().rsplit(')',1)[1].split()[1]) == pid: out.append(int(p))
            except Exception: pass
    return out
c = json.load(open(f'{state}/cluster.json'))
groups = {}
for i in c['instances']:
    pids = [i['pid']]
    if i['name'] == 'postgres': pids += children(i['pid'])
    groups[i['name']] = pids
groups['supervisor'] = [c.get('supervisorPid') or int(open(f'{state}/supervisor.pid').read())]
def snap():
    g = {n: sum((ticks(f'/proc/{p}/stat')[0] or 0) for p in ps) for n, ps in groups.items()}
    th = {}
    if top:
        for n, ps in groups.items():
            for p in ps:
                try:
                    for t in os.listdir(f'/proc/{p}/task'):
                        v, name = ticks(f'/proc/{p}/task/{t}/stat')
                        if v is not None: th[(n, t, name)] = v
                except Exception: pass
    return g, th
g0, t0 = snap(); time.sleep(secs); g1, t1 = snap()
tot = 0
for n in groups:
    d = g1[n] - g0[n]; tot += d
    print(f'{n:20s} {100.0*d/hz/secs:6.2f} %')
print(f'{"TOTAL":20s} {100.0*tot/hz/secs:6.2f} %')
if top:
    by = {}
    for k, v in t1.items():
        d = v - t0.get(k, 0)
        if d > 0: by[k] = d
    for (n, t, name), d in sorted(by.items(), key=lambda x: -x[1])[:top]:
        print(f'  {n:18s} {name:24s} {100.0*d/hz/secs:6.2f} %')
    import re
    def cat(n, name):
        if n == 'postgres': return 'postgres (all backends)'
        if n == 'kafka' and not name.startswith(('C1 ', 'C2 ', 'VM ')): return 'kafka broker threads'
        if name.startswith(('C1 ', 'C2 ')): return 'JIT ' + name[:2]
        if name.startswith('VM ') or name.startswith('GC'): return 'VM/GC'
        if name.startswith('grpc-'): return 'gRPC (Ratis transport)'
        if re.match(r'i\d@group', name) or 'Ratis' in name or name.startswith(('i1', 'i2', 'i3')): return 'Raft divisions'
        if name.startswith('fivenines-cons'): return 'our Kafka consumers'
        if name.startswith('fivenines-outb'): return 'our outbox relays'
        if name.startswith('kafka-') or 'producer' in name or 'adminclient' in name: return 'Kafka client I/O'
        return 'other: ' + name
    cats = {}
    for (n, t, name), d in by.items():
        cats[cat(n, name)] = cats.get(cat(n, name), 0) + d
    print('by kind of thread, all processes:')
    for k, d in sorted(cats.items(), key=lambda x: -x[1])[:22]:
        print(f'  {k:40s} {100.0*d/hz/secs:6.2f} %')
