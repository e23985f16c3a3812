#!/usr/bin/env bash
# The backlog drain benchmark (docs/PERFORMANCE.md, "Draining a backlog"): one hour of 100
# metrics/s (RECORDS=360000 wrapped records over 200 contexts) queued in a private redis-server
# (or, with the setting CHOUETTE_STORAGE_TYPE=sqlite, in a SQLite database in a temporary directory),
# drained by the packaged agent (default sender configuration, the image's JVM flags) to a fake
# Datadog intake on loopback. Prints drain time and the agent's peak RSS. CDS=0 skips AppCDS.
# QUEUE=raw queues RECORDS raw count metrics instead (the client library's queue, aggregated first).
# Usage: scripts/drain-benchmark.sh [NAME=value ...]   (agent settings; after `mvn -B -q package -DskipTests`; needs redis-server)
set -euo pipefail
cd "$(dirname "$0")/.."

RECORDS=${RECORDS:-360000}
# The launcher's flags: conf/jvm.options of chouette-dist (bin/chouette, the .deb, the image).
LAUNCHER_FLAGS=$(grep -v '^[[:space:]]*\(#\|$\)' chouette-dist/src/main/conf/jvm.options | paste -sd' ')
IMAGE_FLAGS=${IMAGE_FLAGS:-$LAUNCHER_FLAGS}

[ -f chouette-app/target/chouette.jar ] || { echo "missing chouette-app/target/chouette.jar: run 'mvn -B -q package -DskipTests' first" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "redis-server is not on the PATH" >&2; exit 1; }

mvn -B -q -pl chouette-app -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
CP="$(tr ':' '\n' < chouette-app/target/cp.txt | grep -v io/chouette | paste -sd:)"
for module in chouette-core chouette-redis chouette-storage-redis chouette-storage-sqlite chouette-collectors chouette-app; do
  CP="$CP:$PWD/$module/target/classes:$PWD/$module/target/test-classes"
done

# With CDS=1 (the default, as the image) a short training run first records an AppCDS archive
# that the measured run maps (-XX:SharedArchiveFile), as in scripts/footprint.sh.
if [ "${CDS:-1}" = 1 ]; then
  ARCHIVE=$(mktemp -u --suffix=.jsa)
  trap 'rm -f "$ARCHIVE"' EXIT
  # shellcheck disable=SC2086
  API_KEY=cds GLOBAL_TAGS='[]' CHOUETTE_STORAGE_TYPE=memory COLLECTOR_PLUGINS='["host"]' DOGSTATSD_PORT=0 \
    DATADOG_URL=http://127.0.0.1:9/api DATADOG_LOGS_URL=http://127.0.0.1:9 \
    timeout -s TERM 15 java $IMAGE_FLAGS -XX:ArchiveClassesAtExit="$ARCHIVE" -jar chouette-app/target/chouette.jar >/dev/null 2>&1 || true
  IMAGE_FLAGS="$IMAGE_FLAGS -XX:SharedArchiveFile=$ARCHIVE"
fi

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
cd chouette-app
java -Xmx512m -Ddrain.queue="${QUEUE:-wrapped}" -cp "$CP" io.chouette.app.DrainBenchmark "$RECORDS" "$IMAGE_FLAGS" "$@"
