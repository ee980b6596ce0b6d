#!/usr/bin/env bash
# up.sh TREE STATE: times `./fivenines up` from TREE on STATE (port offset 5000); prints seconds
cd "$1"; export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 FIVENINES_ADMIN_TOKEN=local-admin-token-0123 FIVENINES_PORT_OFFSET=5000 FIVENINES_STATE_DIR="$2" FIVENINES_NO_BUILD=1
s=$(date +%s.%N); ./fivenines up > /tmp/h3/up-last.log 2>&1; rc=$?; e=$(date +%s.%N)
echo "up rc=$rc $(echo "$e - $s" | bc) s  load: $(cut -d' ' -f1-3 /proc/loadavg)"
