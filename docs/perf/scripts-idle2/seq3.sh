#!/usr/bin/env bash
# The AOT cache end to end with the fixed create step: record, assemble, use (existing state of the earlier runs).
while pgrep -f /tmp/h3/seq2.sh > /dev/null; do sleep 5; done
step() { # step NAME WAITAOT
  echo "=== $1 $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  /tmp/h3/up.sh /tmp/h3/tree-new3 /tmp/h3-new3
  /tmp/h3/startcpu.sh /tmp/h3-new3
  python3 /tmp/h3/timeline.py /tmp/h3-new3/logs/supervisor.log $(date -u -d "@$(( $(date +%s) - 1 ))" +%T) >/dev/null 2>&1
  if [ "$2" = 1 ]; then for i in $(seq 1 40); do n=$(ls /tmp/h3-new3/aot/*.aot 2>/dev/null | wc -l); [ "$n" -ge 5 ] && break; sleep 5; done; ls -la /tmp/h3-new3/aot; grep -o '"msg":"AOT[^"]*"' /tmp/h3-new3/logs/supervisor.log; fi
  /tmp/h3/down.sh /tmp/h3/tree-new3 /tmp/h3-new3
}
rm -rf /tmp/h3-new3; cp -a /tmp/h3-new /tmp/h3-new3 2>/dev/null; rm -rf /tmp/h3-new3/aot
step new3-record 0
step new3-assemble 1
step new3-cached 0
grep -c "source: shared" /tmp/h3-new3/logs/*.log
grep -h "AOT cache\|Mismatch" /tmp/h3-new3/logs/inventory-2.log | tail -3
echo "=== done $(date -u +%T)"
