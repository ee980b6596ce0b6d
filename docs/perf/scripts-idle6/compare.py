# compare.py OUTDIR LABEL... : per process, per kind of thread and top threads side by side (% of one core),
# from the LABEL-a.json / LABEL-b.json snapshots idle.sh left (60 s apart).
import json,sys,re,collections,os
out=sys.argv[1]; labels=sys.argv[2:]
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
def load(label):
    a=json.load(open(f'{out}/{label}-a.json')); b=json.load(open(f'{out}/{label}-b.json')); comm=b['comm']
    sup=min(comm, key=lambda p:int(p))  # the supervisor started first (lowest pid of the tree)
    sup=next((p for p,c in comm.items() if 'supervisor' in c and 'role ' not in c), sup)
    def role(pid):
        c=comm.get(pid,'')
        m=re.search(r"role (\S+) --instance (\d+)",c)
        if m: return f"{m.group(1)}-{m.group(2)}"
        if 'kafka.Kafka' in c: return 'kafka'
        if 'bin/postgres' in c or c.startswith('postgres'): return 'postgres'
        return 'supervisor'
    per=collections.Counter(); kinds=collections.Counter(); thr=collections.Counter()
    for k,v in b['t'].items():
        d=v-a['t'].get(k,0)
        if d<=0: continue
        pid,tid,name=k.split('|',2); r=role(pid)
        per[r]+=d/60; kinds[kind(r,name)]+=d/60; thr[f"{r} / {re.sub(r'[0-9]+','N',name)}"]+=d/60
    per['TOTAL']=sum(v for k,v in per.items())
    return per,kinds,thr
data=[load(l) for l in labels]
for title,i,n in (('process',0,20),('kind of thread',1,22),('thread',2,30)):
    keys=collections.Counter()
    for d in data:
        for k,v in d[i].items(): keys[k]+=v
    print(f"\n| {title} | "+" | ".join(labels)+" |\n|---|"+"---|"*len(labels))
    for k,_ in keys.most_common(n): print(f"| {k} | "+" | ".join(f"{d[i].get(k,0):.2f}" for d in data)+" |")
