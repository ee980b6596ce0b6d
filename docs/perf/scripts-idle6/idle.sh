#!/usr/bin/env bash
# idle.sh ROOT LABEL [KEEP]: fresh `FIVENINES_AOT=off ./fivenines up` from ROOT (port offset 4000),
# idle CPU per process and per thread over 60 s starting 30 s after READY, then `down` (unless KEEP=1).
set -u
HERE=$(cd "$(dirname "$0")" && pwd); OUT=/tmp/idle6; mkdir -p $OUT
ROOT=$1; LABEL=$2; KEEP=${3:-0}; cd $ROOT
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 FIVENINES_NO_BUILD=1
export FIVENINES_ADMIN_TOKEN=local-admin-token-0123 FIVENINES_PORT_OFFSET=4000 FIVENINES_STATE_DIR=/tmp/idle-state FIVENINES_AOT=${AOT:-off}
rm -rf $FIVENINES_STATE_DIR
s=$(date +%s.%N); ./fivenines up > $OUT/up-$LABEL.log 2>&1; rc=$?
echo "$LABEL $(git log -1 --format=%h) $(date -u +%T) up rc=$rc $(echo "$(date +%s.%N) - $s" | bc) s load $(cut -d' ' -f1-3 /proc/loadavg)"
SUP=$(python3 -c "import json;print(json.load(open('$FIVENINES_STATE_DIR/cluster.json'))['supervisorPid'])")
PG=$(python3 -c "import json;print(' '.join(str(i['pid']) for i in json.load(open('$FIVENINES_STATE_DIR/cluster.json'))['instances'] if i['name']=='postgres'))")
sleep 30
python3 $HERE/threads.py $SUP $PG > $OUT/$LABEL-a.json; sleep 60; python3 $HERE/threads.py $SUP $PG > $OUT/$LABEL-b.json
python3 $HERE/threadsdiff.py $OUT/$LABEL-a.json $OUT/$LABEL-b.json 60 $SUP > $OUT/$LABEL-idle.txt
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/$LABEL-idle.txt
cat $OUT/$LABEL-idle.txt
[ "$KEEP" = 1 ] || ./fivenines down > /dev/null 2>&1
