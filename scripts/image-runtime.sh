#!/usr/bin/env bash
# Rebuilds the container image's Java runtime without a Docker engine and smoke-tests the agent on
# it: jlink with the Dockerfile's --add-modules list, the image's /opt/chouette tree (the launcher
# bin/chouette and conf/jvm.options of chouette-dist, the jar), the AppCDS training run through the
# launcher, its HEALTHCHECK command, then SIGTERM and the exit status.
# Needs a JDK with jmods. Usage: scripts/image-runtime.sh   (after `mvn -B -q package -DskipTests`)
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=chouette-app/target/chouette.jar
[ -f "$JAR" ] || { echo "missing $JAR: run 'mvn -B -q package -DskipTests' first" >&2; exit 1; }
MODULES=$(grep -oP -- '--add-modules \K\S+' Dockerfile)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
HOME_DIR=$WORK/chouette
mkdir -p "$HOME_DIR/bin" "$HOME_DIR/lib" "$HOME_DIR/conf"
cp chouette-dist/src/main/sh/chouette "$HOME_DIR/bin/"
cp chouette-dist/src/main/conf/jvm.options "$HOME_DIR/conf/"
cp "$JAR" "$HOME_DIR/lib/"
export JAVA_HOME=$WORK/jre

jlink --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --generate-cds-archive --output "$WORK/jre" >/dev/null
echo "runtime: $(du -sh "$WORK/jre" | cut -f1) ($MODULES)"

API_KEY=cds-training GLOBAL_TAGS='[]' CHOUETTE_STORAGE_TYPE=memory COLLECTOR_PLUGINS='["host"]' \
  DOGSTATSD_PORT=0 DATADOG_URL=http://127.0.0.1:9/api DATADOG_LOGS_URL=http://127.0.0.1:9 \
  JAVA_OPTS=-XX:ArchiveClassesAtExit="$HOME_DIR/lib/chouette.jsa" \
  timeout -s TERM 20 "$HOME_DIR/bin/chouette" >/dev/null 2>&1 || true
test -s "$HOME_DIR/lib/chouette.jsa"
printf '%s\n' "-XX:SharedArchiveFile=$HOME_DIR/lib/chouette.jsa" >>"$HOME_DIR/conf/jvm.options"
echo "AppCDS archive: $(du -h "$HOME_DIR/lib/chouette.jsa" | cut -f1)"

HEALTH_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export HEALTH_PORT
API_KEY=smoke GLOBAL_TAGS='[]' CHOUETTE_STORAGE_TYPE=memory DOGSTATSD_HOST=127.0.0.1 DOGSTATSD_PORT=0 \
  DATADOG_URL=http://127.0.0.1:9/api DATADOG_LOGS_URL=http://127.0.0.1:9 \
  "$HOME_DIR/bin/chouette" >"$WORK/chouette.log" 2>&1 &
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
