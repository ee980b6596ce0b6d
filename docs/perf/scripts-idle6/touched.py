# touched.py OUTDIR LABEL...: the idle threads this session's changes touch, and the cluster without JIT and Raft,
# % of one core, from idle.sh's snapshots (60 s apart).
import json,re,collections,sys
out=sys.argv[1]
def load(l):
    a=json.load(open(f'{out}/{l}-a.json'));b=json.load(open(f'{out}/{l}-b.json'));t=collections.Counter()
    for k,v in b['t'].items():
        d=v-a['t'].get(k,0)
        if d<=0: continue
        pid,tid,name=k.split('|',2); cm=b['comm'].get(pid,'')
        kafka='kafka.Kafka' in cm
        t['total']+=d/60
        if name.startswith('read-deadlines'): t['sweeper']+=d/60
        if name.startswith('fivenines-cons'): t['consumers']+=d/60
        if not kafka and name.startswith(('kafka-','producer','adminclient')): t['kafka client io']+=d/60
        if kafka and re.match(r'(kafka-\d+-raft-io|quorum-controll|kafka-\d+-metadat)',name): t['no-op path']+=d/60
        if name.startswith(('C1 ','C2 ','CN ')): t['jit']+=d/60
        if name.startswith('grpc-') or re.match(r'i\d@',name) or re.match(r'i\d-(server|client)-thre',name) or name.startswith(('JvmPauseMonitor','inventory-ticke','raft-division')) or (re.match(r'timer\d',name) and 'inventory' in cm): t['raft']+=d/60
    t['touched']=t['sweeper']+t['consumers']+t['kafka client io']+t['no-op path']
    t['total - jit - raft']=t['total']-t['jit']-t['raft']
    return t
ls=sys.argv[2:]; d=[load(l) for l in ls]
print('| figure | '+' | '.join(ls)+' |'); print('|---|'+'---|'*len(ls))
for k in ['total','touched','sweeper','consumers','kafka client io','no-op path','jit','raft','total - jit - raft']:
    print(f'| {k} | '+' | '.join(f'{x[k]:.2f}' for x in d)+' |')
