#!/usr/bin/env python3
"""timeline.py SUPERVISOR_LOG START_HHMMSS: seconds from START to each start-up milestone of the run that began then."""
import json, sys, datetime, re
log, start = sys.argv[1], sys.argv[2]
day = '2026-12-07'
t0 = datetime.datetime.fromisoformat(f'{day}T{start}+00:00')
marks = []
for line in open(log):
    try: e = json.loads(line)
    except Exception: continue
    t = datetime.datetime.fromisoformat(e['ts'].replace('Z', '+00:00')[:26] + '+00:00') if '.' in e['ts'] else datetime.datetime.fromisoformat(e['ts'].replace('Z', '+00:00'))
    if t < t0: continue
    m = e.get('msg', '')
    if re.search(r'ready to accept connections|kafka broker pid .* ready|^\S+ ready$|ledger seeded|cluster ready|AOT cache of', m):
        marks.append((t - t0).total_seconds()); print(f'{(t - t0).total_seconds():7.1f} s  {m[:110]}')
    if 'cluster ready' in m: break
