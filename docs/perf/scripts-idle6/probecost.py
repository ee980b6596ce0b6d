# probecost.py PORT PATH RATE SECONDS PID...: GET PATH on one kept-alive connection RATE times a second; CPU % of each PID
import http.client,sys,time,os
port,path,rate,secs=int(sys.argv[1]),sys.argv[2],float(sys.argv[3]),float(sys.argv[4]); pids=sys.argv[5:]
def t(p):
    tot=0
    for pp in p.split('+'):
        r=open(f'/proc/{pp}/stat').read().rsplit(')',1)[1].split(); tot+=int(r[11])+int(r[12])
    return tot
if rate<=0:
    a={p:t(p) for p in pids}; time.sleep(secs); b={p:t(p) for p in pids}
    [print(p, f"{(b[p]-a[p])/secs:.2f}% of a core, nothing sent") for p in pids]; sys.exit()
c=http.client.HTTPConnection('127.0.0.1',port,timeout=2)
a={p:t(p) for p in pids}; n=0; s=time.time()
while time.time()-s<secs:
    c.request('GET',path); r=c.getresponse(); r.read(); n+=1
    time.sleep(max(0,s+n/rate-time.time()))
b={p:t(p) for p in pids}
for p in pids: print(p, f"{(b[p]-a[p])/secs:.2f}% of a core, {10.0*(b[p]-a[p])/n:.2f} ms CPU per request ({n} requests)")
