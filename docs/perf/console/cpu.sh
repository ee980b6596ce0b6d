#!/bin/bash
# Sums utime+stime (clock ticks) of every process recorded in cluster.json, plus the supervisor.
STATE=${1:-/tmp/console-state}
python3 - "$STATE" <<'PY'
import json,sys,os
st=json.load(open(sys.argv[1]+'/cluster.json'))
pids=[i['pid'] for i in st['instances'] if i.get('pid',0)>0]+[st['supervisorPid']]
tot={}
for p in pids:
    try:
        f=open('/proc/%d/stat'%p).read().rsplit(')',1)[1].split()
        tot[p]=int(f[11])+int(f[12])
    except Exception: pass
names={i['pid']:i['name'] for i in st['instances']}
edge=[p for p in pids if names.get(p)=='edge-1'][0]
print(sum(tot.values()), tot.get(edge,0))
PY
