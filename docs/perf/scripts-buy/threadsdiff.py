import json,sys,re,collections
a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); secs=float(sys.argv[3])
comm=b['comm']
def role(pid):
    c=comm.get(pid,'')
    m=re.search(r"role (\S+) --instance (\d+)",c) or re.search(r"logs/([a-z]+-\d+)",c)
    if m: return m.group(1) if m.lastindex==1 else f"{m.group(1)}-{m.group(2)}"
    if 'kafka' in c.lower(): return 'kafka'
    if 'postgres' in c: return 'postgres'
    if 'Supervisor' in c or 'supervisor' in c: return 'supervisor'
    return c[:40]
per=collections.Counter(); thr=collections.Counter()
for k,v in b['t'].items():
    d=v-a['t'].get(k,0)
    if d<=0: continue
    pid,tid,name=k.split('|',2)
    r=role(pid); per[r]+=d
    tn=re.sub(r'\d+','N',name)
    thr[(r,tn)]+=d
tot=sum(per.values())
print(f"total {tot/secs:.1f}% of a core")
for r,v in per.most_common(): print(f"  {r:24s} {v/secs:5.2f}%")
print("top threads:")
for (r,t),v in thr.most_common(40): print(f"  {r:20s} {t:30s} {v/secs:5.2f}%")
