#!/bin/bash
# Interleaved pairs: 60 s idle, 60 s with one console tab's polling (traffic 1/s, topology 1 per 2 s).
E=http://127.0.0.1:11080
C=$(curl -s -i -X POST -d "token=local-admin-token-0123" $E/console/session | grep -i set-cookie | head -1 | sed 's/.*: //; s/;.*//')
poll() { local end=$((SECONDS+60)) i=0; while [ $SECONDS -lt $end ]; do
  curl -s -o /dev/null -H "Cookie: $C" $E/admin/traffic; [ $((i % 2)) -eq 0 ] && curl -s -o /dev/null -H "Cookie: $C" $E/admin/console/topology; i=$((i+1)); sleep 1; done; }
for round in 1 2; do
  a=$("$(dirname "$0")/cpu.sh"); sleep 60; b=$("$(dirname "$0")/cpu.sh")
  echo "round $round idle    : $(date -u +%H:%M:%S) all+edge ticks: $a -> $b"
  a=$("$(dirname "$0")/cpu.sh"); poll; b=$("$(dirname "$0")/cpu.sh")
  echo "round $round console : $(date -u +%H:%M:%S) all+edge ticks: $a -> $b"
done
