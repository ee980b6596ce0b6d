# threads.py ROOT_PID [MORE_ROOTS...]: per-thread cpu ticks of every process under the roots, {pid|tid|tcomm: ticks}
# (pass PostgreSQL's postmaster too: pg_ctl daemonizes it, so it is not under the supervisor)
import os,sys,json
roots=[int(x) for x in sys.argv[1:]]; kids={}; comm={}
for d in os.listdir('/proc'):
    if not d.isdigit(): continue
    try: s=open(f'/proc/{d}/stat').read()
    except OSError: continue
    f=s[s.rfind(')')+2:].split(); kids.setdefault(int(f[1]),[]).append(int(d))
    try: comm[int(d)]=open(f'/proc/{d}/cmdline').read().replace('\0',' ')
    except OSError: comm[int(d)]='?'
out={}; todo=list(roots); seen=set()
while todo:
    p=todo.pop()
    if p in seen: continue
    seen.add(p); todo+=kids.get(p,[])
    try:
        for t in os.listdir(f'/proc/{p}/task'):
            s=open(f'/proc/{p}/task/{t}/stat').read()
            name=s[s.find('(')+1:s.rfind(')')]
            f=s[s.rfind(')')+2:].split()
            out[f"{p}|{t}|{name}"]=int(f[11])+int(f[12])
    except OSError: pass
json.dump({'comm':{str(k):(v[:120]+' ... '+v[-250:]) for k,v in comm.items() if k in seen},'t':out},sys.stdout)
