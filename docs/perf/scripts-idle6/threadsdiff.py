# threadsdiff.py A.json B.json SECONDS [SUPERVISOR_PID]: % of one core per process, per thread name
# (digits folded) and per kind of thread, between two threads.py snapshots.
import json,sys,re,collections
a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); secs=float(sys.argv[3])
sup=sys.argv[4] if len(sys.argv)>4 else None
comm=b['comm']
def role(pid):
    c=comm.get(pid,'')
    if pid==sup: return 'supervisor'
    m=re.search(r"role (\S+) --instance (\d+)",c)
    if m: return f"{m.group(1)}-{m.group(2)}"
    if 'kafka.Kafka' in c or 'kafka' in c.split(' ... ')[0].lower(): return 'kafka'
    if 'postgres' in c: return 'postgres'
    return 'supervisor' if sup is None else c[:40]
def kind(r,name):
    if r=='postgres': return 'postgres (all processes)'
    if name.startswith(('C1 ','C2 ','CN ')): return 'JIT'
    if r=='kafka': return 'kafka broker'
    if name.startswith(('VM ','GC ')) or name in ('VM Thread','VM Periodic Tas','Service Thread'): return 'VM/GC'
    if name.startswith('grpc-'): return 'gRPC (Ratis)'
    if re.match(r'i\d@',name): return 'Raft divisions'
    if name.startswith('ForkJoinPool'): return 'virtual-thread carriers'
    if name.startswith('fivenines-cons'): return 'our Kafka consumers'
    if name.startswith(('kafka-','producer','adminclient','kafka-producer')): return 'Kafka client I/O'
    if name.startswith('HttpClient'): return 'JDK HttpClient'
    return 'other: '+re.sub(r'\d+','N',name)
per=collections.Counter(); thr=collections.Counter(); kinds=collections.Counter()
for k,v in b['t'].items():
    d=v-a['t'].get(k,0)
    if d<=0: continue
    pid,tid,name=k.split('|',2)
    r=role(pid); per[r]+=d
    thr[(r,re.sub(r'\d+','N',name))]+=d
    kinds[kind(r,name)]+=d
tot=sum(per.values())
print(f"total {tot/secs:.1f}% of a core")
for r,v in per.most_common(): print(f"  {r:24s} {v/secs:5.2f}%")
print("by kind of thread:")
for k,v in kinds.most_common(25): print(f"  {k:40s} {v/secs:5.2f}%")
print("top threads:")
for (r,t),v in thr.most_common(int(sys.argv[5]) if len(sys.argv)>5 else 45): print(f"  {r:20s} {t:30s} {v/secs:5.2f}%")
