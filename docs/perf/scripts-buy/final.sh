#!/usr/bin/env bash
# final.sh ROOT LABEL: fresh up (AOT off), idle 30-90 s after READY, then BaselineBenchmark at 10,20/s with a 300-session warm-up against this cluster alone; down.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$1; LABEL=$2; cd $ROOT
export FIVENINES_ADMIN_TOKEN=local-admin-token-0123 FIVENINES_PORT_OFFSET=2000 FIVENINES_STATE_DIR=/tmp/final-$LABEL FIVENINES_AOT=off
OUT=/tmp/final-out; mkdir -p $OUT
rm -rf $FIVENINES_STATE_DIR
s=$(date +%s.%N); ./fivenines up > $OUT/up-$LABEL.log 2>&1; rc=$?
echo "$LABEL $(git log -1 --format=%h) up fresh rc=$rc $(echo "$(date +%s.%N) - $s" | bc) s load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a $OUT/log
SUP=$(python3 -c "import json;print(json.load(open('$FIVENINES_STATE_DIR/cluster.json'))['supervisorPid'])")
sleep 30
python3 $HERE/threads.py $SUP > $OUT/$LABEL-a.json; sleep 60; python3 $HERE/threads.py $SUP > $OUT/$LABEL-b.json
python3 $HERE/threadsdiff.py $OUT/$LABEL-a.json $OUT/$LABEL-b.json 60 > $OUT/$LABEL-idle.txt
echo "$LABEL idle: $(head -1 $OUT/$LABEL-idle.txt)" | tee -a $OUT/log
CP="/work/main/benchmarks/target/classes:$(cat /work/main/benchmarks/target/classpath.txt)"
/usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp "$CP" dev.fivenines.benchmarks.BaselineBenchmark --state $FIVENINES_STATE_DIR \
  --warmup ${WARMUP:-300} --warmup-rate 10 --rates ${RATES:-10,20} --duration 20s --out $OUT/baseline-$LABEL > $OUT/baseline-$LABEL.log 2>&1
echo "$LABEL baseline rc=$? load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a $OUT/log
./fivenines down > /dev/null 2>&1
