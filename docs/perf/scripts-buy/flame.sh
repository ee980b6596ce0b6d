#!/usr/bin/env bash
# flame.sh STATE EDGEURL OUTDIR LABEL: async-profiler (cpu, 30 s) on shop-1, edge-1 and every inventory replica during buy sessions at 10/s.
set -u
STATE=$1; EDGE=$2; OUT=$3; LABEL=$4; ROOT=${ROOT:-/work/main}
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
mkdir -p $OUT
pids=$(python3 -c "
import json;d=json.load(open('$STATE/cluster.json'))
print(' '.join(f\"{i['name']}:{i['pid']}\" for i in d['instances'] if i['name'] in ('shop-1','edge-1','inventory-1','inventory-2','inventory-3')))")
for np in $pids; do $J -cp /tmp/attach Attach ${np#*:} "start,event=cpu,interval=2ms" || echo "attach failed ${np%%:*}"; done
(cd $ROOT && timeout 100 ./fivenines load --target $EDGE --checkouts 300 --rate 10 --quiet --out $OUT/load-$LABEL > /dev/null 2>&1)
for np in $pids; do $J -cp /tmp/attach Attach ${np#*:} "dump,collapsed,file=$OUT/$LABEL-${np%%:*}.collapsed"; $J -cp /tmp/attach Attach ${np#*:} "stop,file=$OUT/$LABEL-${np%%:*}.html"; done
ls -la $OUT
