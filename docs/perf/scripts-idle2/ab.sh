#!/usr/bin/env bash
# ab.sh N: start the recommendations role alone (port 13099) N times with and N times without its AOT cache, alternating;
# prints wall seconds to /ready and the JVM's CPU seconds at that moment.
cd /tmp/h3/aottest
mapfile -t BASE < <(grep -v '^-XX:AOTMode=record$\|^-XX:AOTConfiguration=\|^-Xlog:aot' /tmp/h3/rec-cmd2.txt)
ENVV=$(cat /tmp/h3/rec-env.txt)
one() { # one LABEL [extra jvm option]
  local args=("${BASE[0]}"); [ -n "$2" ] && args+=("$2" "-Xlog:aot*=error,cds*=error"); args+=("${BASE[@]:1}")
  s=$(date +%s.%N); env $ENVV "${args[@]}" > ab-$1.log 2>&1 & local pid=$!
  until curl -s -m 1 -o /dev/null -w "%{http_code}" http://127.0.0.1:13099/observe/health/ready 2>/dev/null | grep -q 200; do sleep 0.2; kill -0 $pid 2>/dev/null || { echo "$1 died"; return; }; done
  e=$(date +%s.%N); cpu=$(awk '{print ($14+$15)/100}' /proc/$pid/stat)
  echo "$1 wall $(echo "$e - $s" | bc) s cpu $cpu s load $(cut -d' ' -f1 /proc/loadavg)"
  kill -TERM $pid; wait $pid 2>/dev/null
}
for i in $(seq 1 $1); do one nocache; one cache "-XX:AOTCache=/tmp/h3/aottest/rec.aot"; done
