import sys,collections
# summarize.py FILE.collapsed: total samples, top self frames, inclusive shares of package groups
f=sys.argv[1]; total=0; self_=collections.Counter(); incl=collections.Counter()
groups=[('Ratis shaded gRPC/Netty/protobuf','org.apache.ratis.thirdparty'),('Ratis','org.apache.ratis.'),('Helidon','io.helidon'),
('Jackson','com.fasterxml.jackson'),('OpenTelemetry','io.opentelemetry'),('Kafka client','org.apache.kafka'),('PostgreSQL driver','org.postgresql'),
('Hikari','com.zaxxer'),('Micrometer','io.micrometer'),('fivenines','dev.fivenines'),('JDK java.util','java.util.'),('JDK I/O, NIO','sun.nio'),
('kernel','[k]'),('JIT/GC/VM (no Java frame)','__vm__')]
for line in open(f):
    stack,_,n=line.rstrip().rpartition(' ')
    n=int(n); total+=n; frames=stack.split(';')
    self_[frames[-1]]+=n
    java=any(('.' in fr or '/' in fr) and not fr.endswith('_[k]') for fr in frames)
    seen=set()
    for name,prefix in groups:
        if prefix=='__vm__':
            hit=not any(fr.startswith(('java','jdk','sun','org','io','com','dev')) or '/' in fr for fr in frames)
        elif prefix=='[k]':
            hit=any(fr.endswith('_[k]') for fr in frames)
        else:
            hit=any(fr.replace('/','.').startswith(prefix) for fr in frames)
        if hit: incl[name]+=n
print(f"{f.split('/')[-1]}: {total} samples")
print("inclusive: "+", ".join(f"{k} {100*v/total:.0f}%" for k,v in incl.most_common()))
print("top self: "+"; ".join(f"{k.split('/')[-1][:70]} {100*v/total:.1f}%" for k,v in self_.most_common(6)))
