#!/usr/bin/env bash
# Measures Chouette's footprint with the container image's JVM flags (docs/PERFORMANCE.md):
#   1. startup: from process start to the "DogStatsD listening" log line;
#   2. idle RSS after IDLE_SECONDS with the host plugin on, plus the JVM's own account of its
#      memory (Native Memory Tracking summary);
#   With CDS=1 (the default) a training run first records an AppCDS archive, as the image build
#   does, and every measured run maps it (-XX:SharedArchiveFile).
#   3. RSS under LOAD_RATE DogStatsD metrics/s (single-metric datagrams) for LOAD_SECONDS, via the
#      load generator in chouette-core's test classes.
#   STORAGE=memory (default) or sqlite (its database in a fresh temporary directory).
#   SKIP_LOAD=1 stops after the idle figures.
# Loopback only. Usage: scripts/footprint.sh   (after `mvn -B -q package -DskipTests`)
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=chouette-app/target/chouette.jar
IDLE_SECONDS=${IDLE_SECONDS:-30}
LOAD_RATE=${LOAD_RATE:-100000}
LOAD_SECONDS=${LOAD_SECONDS:-30}
STORAGE=${STORAGE:-memory}
DATA_DIR=$(mktemp -d)
# The launcher's flags: conf/jvm.options of chouette-dist (bin/chouette, the .deb, the image).
LAUNCHER_FLAGS=$(grep -v '^[[:space:]]*\(#\|$\)' chouette-dist/src/main/conf/jvm.options | paste -sd' ')
IMAGE_FLAGS=${IMAGE_FLAGS:-$LAUNCHER_FLAGS}

[ -f "$JAR" ] || { echo "missing $JAR: run 'mvn -B -q package -DskipTests' first" >&2; exit 1; }

if [ "${CDS:-1}" = 1 ]; then
  ARCHIVE=$(mktemp -u --suffix=.jsa)
  # shellcheck disable=SC2086
  API_KEY=cds GLOBAL_TAGS='[]' CHOUETTE_STORAGE_TYPE=$STORAGE CHOUETTE_DATA_DIR="$DATA_DIR/cds" COLLECTOR_PLUGINS='["host"]' DOGSTATSD_PORT=0 \
    DATADOG_URL=http://127.0.0.1:9/api DATADOG_LOGS_URL=http://127.0.0.1:9 \
    timeout -s TERM 15 java $IMAGE_FLAGS -XX:ArchiveClassesAtExit="$ARCHIVE" -jar "$JAR" >/dev/null 2>&1 || true
  IMAGE_FLAGS="$IMAGE_FLAGS -XX:SharedArchiveFile=$ARCHIVE"
  echo "AppCDS archive: $(du -h "$ARCHIVE" | cut -f1)"
fi

free_udp_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

PORT=$(free_udp_port)
LOG=$(mktemp)
START_NS=$(date +%s%N)
# shellcheck disable=SC2086
API_KEY=footprint GLOBAL_TAGS='[]' CHOUETTE_STORAGE_TYPE=$STORAGE CHOUETTE_DATA_DIR="$DATA_DIR/run" COLLECTOR_PLUGINS='["host"]' \
  DOGSTATSD_PORT=$PORT DATADOG_URL=http://127.0.0.1:9/api DATADOG_LOGS_URL=http://127.0.0.1:9 \
  java $IMAGE_FLAGS -XX:NativeMemoryTracking=summary -jar "$JAR" >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -f "$LOG"' EXIT

for _ in $(seq 1 300); do
  grep -q "DogStatsD listening" "$LOG" && break
  kill -0 $PID 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.02
done
READY_NS=$(date +%s%N)
echo "startup to 'DogStatsD listening': $(( (READY_NS - START_NS) / 1000000 )) ms"

sleep "$IDLE_SECONDS"
echo "storage $STORAGE, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "idle RSS after ${IDLE_SECONDS} s: $(( $(rss_kib $PID) / 1024 )) MiB"
echo "JVM native memory summary (committed):"
jcmd $PID VM.native_memory summary | grep -E "^(Total|-\s+(Java Heap|Class|Thread|Code|GC|Compiler|Internal|Symbol|Native Memory Tracking|Shared class space|Arena Chunk|Metaspace|Other))" \
  | sed -E 's/\(reserved=[0-9]+KB, committed=([0-9]+)KB\)/committed=\1KB/' | sed 's/^/  /'
kill -TERM $PID; wait $PID || true
trap - EXIT; rm -f "$LOG"; rm -rf "$DATA_DIR"
[ "${SKIP_LOAD:-0}" = 1 ] && exit 0

if [ ! -d chouette-core/target/test-classes ]; then
  mvn -B -q -pl chouette-core test-compile
fi
echo "under load: $LOAD_RATE single-metric datagrams/s for $LOAD_SECONDS s"
java -cp "chouette-core/target/test-classes:$JAR" io.chouette.core.dogstatsd.DogStatsdLoadGenerator \
  --jar "$JAR" --mode single --rate "$LOAD_RATE" --seconds "$LOAD_SECONDS" --jvm "$IMAGE_FLAGS" --storage "$STORAGE"
