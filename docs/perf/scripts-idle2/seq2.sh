#!/usr/bin/env bash
while pgrep -f /tmp/h3/seq.sh > /dev/null; do sleep 5; done
step() { # step NAME TREE STATE
  echo "=== $1 $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  /tmp/h3/up.sh $2 $3
  /tmp/h3/startcpu.sh $3
  sleep 30; echo "idle 30-90 s after ready:"; /tmp/h3/cpu.py $3 60 25
  /tmp/h3/down.sh $2 $3
}
rm -rf /tmp/h3-new2
export FIVENINES_AOT=off
step new2-events-aot-off-fresh /tmp/h3/tree-new2 /tmp/h3-new2
echo "=== done $(date -u +%T)"
