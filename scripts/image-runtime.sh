#!/usr/bin/env bash
# Rebuilds the container image's Java runtime without a Docker engine and smoke-tests the agent on
# it: jlink with the Dockerfile's --add-modules list, the AppCDS training run, the image's
# JAVA_TOOL_OPTIONS, its HEALTHCHECK command, then SIGTERM and the exit status.
# Needs a JDK with jmods. Usage: scripts/image-runtime.sh   (after `mvn -B -q package -DskipTests`)
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=chouette-app/target/chouette.jar
[ -f "$JAR" ] || { echo "missing $JAR: run 'mvn -B -q package -DskipTests' first" >&2; exit 1; }
MODULES=$(grep -oP -- '--add-modules \K\S+' Dockerfile)
FLAGS=$(grep -oP 'JAVA_TOOL_OPTIONS="\K[^"]+' Dockerfile)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

jlink --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --generate-cds-archive --output "$WORK/jre" >/dev/null
echo "runtime: $(du -sh "$WORK/jre" | cut -f1) ($MODULES)"

# shellcheck disable=SC2086
API_KEY=cds-training GLOBAL_TAGS='[]' CHOUETTE_STORAGE_TYPE=memory COLLECTOR_PLUGINS='["host"]' \
  DOGSTATSD_PORT=0 DATADOG_URL=http://127.0.0.1:9/api DATADOG_LOGS_URL=http://127.0.0.1:9 \
  timeout -s TERM 20 "$WORK/jre/bin/java" $FLAGS -XX:ArchiveClassesAtExit="$WORK/chouette.jsa" \
  -jar "$JAR" >/dev/null 2>&1 || true
test -s "$WORK/chouette.jsa"
echo "AppCDS archive: $(du -h "$WORK/chouette.jsa" | cut -f1)"

HEALTH_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export HEALTH_PORT
# shellcheck disable=SC2086
API_KEY=smoke GLOBAL_TAGS='[]' CHOUETTE_STORAGE_TYPE=memory DOGSTATSD_HOST=127.0.0.1 DOGSTATSD_PORT=0 \
  DATADOG_URL=http://127.0.0.1:9/api DATADOG_LOGS_URL=http://127.0.0.1:9 \
  "$WORK/jre/bin/java" $FLAGS -XX:SharedArchiveFile="$WORK/chouette.jsa" -jar "$JAR" \
  >"$WORK/chouette.log" 2>&1 &
PID=$!
for _ in $(seq 1 60); do
  grep -q "health endpoint listening" "$WORK/chouette.log" && break
  kill -0 "$PID" 2>/dev/null || { cat "$WORK/chouette.log"; echo "FAILED: the agent exited" >&2; exit 1; }
  sleep 0.25
done
# The image's HEALTHCHECK, word for word.
if bash -c "exec 3<>/dev/tcp/127.0.0.1/${HEALTH_PORT} && printf 'GET /health/live HTTP/1.0\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"; then
  echo "HEALTHCHECK: healthy"
else
  kill -9 "$PID"; echo "FAILED: HEALTHCHECK" >&2; exit 1
fi
kill -TERM "$PID"
STATUS=0
wait "$PID" || STATUS=$?
echo "exit status after SIGTERM: $STATUS"
[ "$STATUS" = 0 ]
