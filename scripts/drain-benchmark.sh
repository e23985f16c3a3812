#!/usr/bin/env bash
# The backlog drain benchmark (docs/PERFORMANCE.md, "Draining a backlog"): one hour of 100
# metrics/s (RECORDS=360000 wrapped records over 200 contexts) queued in a private redis-server,
# drained by the packaged agent (default sender configuration, the image's JVM flags) to a fake
# Datadog intake on loopback. Prints drain time and the agent's peak RSS.
# Usage: scripts/drain-benchmark.sh [NAME=value ...]   (agent settings; after `mvn -B -q package -DskipTests`; needs redis-server)
set -euo pipefail
cd "$(dirname "$0")/.."

RECORDS=${RECORDS:-360000}
# The image's flags (Dockerfile JAVA_TOOL_OPTIONS, without the container-only one).
IMAGE_FLAGS=${IMAGE_FLAGS:-"-XX:+UseSerialGC -Xms8m -Xmx64m -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=16m -Xss512k -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError"}

[ -f chouette-app/target/chouette.jar ] || { echo "missing chouette-app/target/chouette.jar: run 'mvn -B -q package -DskipTests' first" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "redis-server is not on the PATH" >&2; exit 1; }

mvn -B -q -pl chouette-app -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
CP="$(tr ':' '\n' < chouette-app/target/cp.txt | grep -v io/chouette | paste -sd:)"
for module in chouette-core chouette-redis chouette-storage-redis chouette-collectors chouette-app; do
  CP="$CP:$PWD/$module/target/classes:$PWD/$module/target/test-classes"
done

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
cd chouette-app
java -Xmx512m -cp "$CP" io.chouette.app.DrainBenchmark "$RECORDS" "$IMAGE_FLAGS" "$@"
