#!/usr/bin/env bash
# startcpu.sh STATE: CPU seconds each cluster process has used so far (right after `up`: its start-up CPU)
python3 - "$1" <<'PY'
import json, os, sys
state = sys.argv[1]; hz = os.sysconf('SC_CLK_TCK')
def t(p):
    try: r = open(f'/proc/{p}/stat').read().rsplit(')',1)[1].split(); return (int(r[11])+int(r[12])+int(r[13])+int(r[14]))/hz
    except Exception: return 0.0
c = json.load(open(f'{state}/cluster.json')); tot = 0
sup = int(open(f'{state}/supervisor.pid').read())
for i in c['instances'] + [{'name':'supervisor','pid':sup}]:
    v = t(i['pid']); tot += v; print(f"{i['name']:18s} {v:6.2f} s")
print(f"{'TOTAL':18s} {tot:6.2f} s")
PY
