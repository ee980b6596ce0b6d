#!/usr/bin/env bash
# seq.sh: base (main e02af21, /tmp/idle-base) and new (this branch) one after the other, twice: idle.sh each.
HERE=$(cd "$(dirname "$0")" && pwd)
for round in ${ROUNDS:-1 2}; do
  $HERE/idle.sh /tmp/idle-base base$round
  $HERE/idle.sh /work/wt/idle new$round
done
echo "done $(date -u +%T)"
