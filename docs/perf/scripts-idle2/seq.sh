#!/usr/bin/env bash
# The measurement sequence: each `up` timed, then every process's CPU so far (its start-up), then idle CPU.
step() { # step NAME TREE STATE IDLE(0/1) WAITAOT(0/1)
  echo "=== $1 $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  /tmp/h3/up.sh $2 $3
  /tmp/h3/startcpu.sh $3
  grep -o '"msg":"[^"]*\(ready\|seeded\)[^"]*"' $3/logs/supervisor.log | tail -12
  if [ "$4" = 1 ]; then sleep 30; echo "idle 30-90 s after ready:"; /tmp/h3/cpu.py $3 60 25; fi
  if [ "$5" = 1 ]; then for i in $(seq 1 60); do n=$(ls $3/aot/*.aot 2>/dev/null | wc -l); [ "$n" -ge 5 ] && break; sleep 5; done; ls -la $3/aot; grep -o '"msg":"AOT[^"]*"' $3/logs/supervisor.log; fi
  /tmp/h3/down.sh $2 $3
}
rm -rf /tmp/h3-base /tmp/h3-new
step base-fresh /tmp/h3/tree-base /tmp/h3-base 1 0
step new-fresh-record /tmp/h3/tree-new /tmp/h3-new 1 0
ls -la /tmp/h3-new/aot
step new-existing-assemble /tmp/h3/tree-new /tmp/h3-new 0 1
step base-existing /tmp/h3/tree-base /tmp/h3-base 1 0
step new-existing-cached /tmp/h3/tree-new /tmp/h3-new 1 0
echo "=== done $(date -u +%T)"
