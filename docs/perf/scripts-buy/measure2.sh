#!/usr/bin/env bash
# measure2.sh: one tree's cluster (fresh, AOT off) : up time, idle CPU, then fivenines vs plain side by side; optional flames.
set -uo pipefail
ROOT=${ROOT:-/work/main}; cd $ROOT
export FIVENINES_ADMIN_TOKEN=local-admin-token-0123 FIVENINES_PORT_OFFSET=${OFFSET:-2000} FIVENINES_STATE_DIR=${STATE:-/tmp/lead-state} FIVENINES_AOT=off
OUT=${OUT:-/tmp/final}; mkdir -p $OUT
CP="/work/main/benchmarks/target/classes:$(cat /work/main/benchmarks/target/classpath.txt)"
JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
echo "== $ROOT $(git -C $ROOT log -1 --format=%h) up fresh $(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a $OUT/log
rm -rf $FIVENINES_STATE_DIR
s=$(date +%s.%N); ./fivenines up > $OUT/up.log 2>&1; echo "up fresh rc=$? $(echo "$(date +%s.%N) - $s" | bc) s" | tee -a $OUT/log
SUP=$(python3 -c "import json;print(json.load(open('$FIVENINES_STATE_DIR/cluster.json'))['supervisorPid'])")
sleep 30
a=$(python3 /tmp/cputree.py $SUP); sleep 60; b=$(python3 /tmp/cputree.py $SUP)
echo "idle 30-90 s after ready: $(python3 -c "print(round(($b-$a)/600,1))")% of one core, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a $OUT/log
rm -rf /tmp/plain-data
$JAVA -cp "$CP" dev.fivenines.benchmarks.plain.PlainShop --data /tmp/plain-data --port 9180 > $OUT/plain.log 2>&1 &
PLAIN=$!
for i in $(seq 1 120); do [ -f /tmp/plain-data/ready ] && break; sleep 1; done
echo "== baseline $(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a $OUT/log
$JAVA -cp "$CP" dev.fivenines.benchmarks.BaselineBenchmark --state $FIVENINES_STATE_DIR --plain /tmp/plain-data \
  --warmup ${WARMUP:-300} --warmup-rate 10 --rates ${RATES:-10,20,50,100,200} --duration 20s --out $OUT/baseline > $OUT/baseline.log 2>&1
echo "baseline rc=$?" >> $OUT/log
kill $PLAIN; wait $PLAIN 2>/dev/null
if [ -n "${FLAME:-}" ]; then ROOT=$ROOT /tmp/flame.sh $FIVENINES_STATE_DIR $(python3 -c "import json;print(json.load(open('$FIVENINES_STATE_DIR/cluster.json'))['edgeUrl'])") $OUT/flames $FLAME > /dev/null 2>&1; fi
./fivenines down > /dev/null 2>&1
echo "== done $(date -u +%T)" | tee -a $OUT/log
