#!/usr/bin/env bash
# idle.sh ROOT LABEL: fresh `up` (AOT off), idle CPU per process and thread 30-90 s after ready, down.
set -u
HERE=$(cd "$(dirname "$0")" && pwd); mkdir -p /tmp/idle
ROOT=$1; LABEL=$2; cd $ROOT
export FIVENINES_ADMIN_TOKEN=local-admin-token-0123 FIVENINES_PORT_OFFSET=${OFFSET:-2000} FIVENINES_STATE_DIR=/tmp/idle-state-$LABEL FIVENINES_AOT=${AOT:-off}
rm -rf $FIVENINES_STATE_DIR
s=$(date +%s.%N); ./fivenines up > /tmp/idle/up-$LABEL.log 2>&1; rc=$?
echo "$LABEL $(git log -1 --format=%h) up rc=$rc $(echo "$(date +%s.%N) - $s" | bc) s load $(cut -d' ' -f1-3 /proc/loadavg)"
SUP=$(python3 -c "import json;print(json.load(open('$FIVENINES_STATE_DIR/cluster.json'))['supervisorPid'])")
sleep 30
python3 $HERE/threads.py $SUP > /tmp/idle/$LABEL-a.json; sleep 60; python3 $HERE/threads.py $SUP > /tmp/idle/$LABEL-b.json
python3 $HERE/threadsdiff.py /tmp/idle/$LABEL-a.json /tmp/idle/$LABEL-b.json 60 > /tmp/idle/$LABEL-idle.txt
head -12 /tmp/idle/$LABEL-idle.txt
./fivenines down > /dev/null 2>&1
