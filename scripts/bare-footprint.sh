#!/usr/bin/env bash
# Idle RSS of the agent started through bin/chouette against a bare process of the same libraries
# (io.chouette.app.BareLibrariesProcess: Pekko typed with a timer, Jackson, OkHttp, Jedis, Logback,
# a bound UDP channel) with the same JVM flags (conf/jvm.options), side by side, RUNS times.
# Prints both RSS after IDLE_SECONDS and, with NMT=1, the difference of their NMT summaries.
# Usage: scripts/bare-footprint.sh   (after `mvn -B -q package -DskipTests` and chouette-app test-compile)
set -euo pipefail
cd "$(dirname "$0")/.."

HOME_DIR=chouette-dist/target/chouette
IDLE_SECONDS=${IDLE_SECONDS:-30}
RUNS=${RUNS:-3}
[ -x "$HOME_DIR/bin/chouette" ] || { echo "missing $HOME_DIR/bin/chouette: run 'mvn -B -q package -DskipTests'" >&2; exit 1; }
[ -f chouette-app/target/test-classes/io/chouette/app/BareLibrariesProcess.class ] \
  || { echo "missing BareLibrariesProcess: run 'mvn -B -q -pl chouette-app -am test-compile'" >&2; exit 1; }
FLAGS=$(grep -v '^[[:space:]]*\(#\|$\)' "$HOME_DIR/conf/jvm.options" | paste -sd' ')
# Only the main's classes: the test classes' logback-test.xml would replace the jar's logback.xml.
BARE_CLASSES=$(mktemp -d)
mkdir -p "$BARE_CLASSES/io/chouette/app"
cp chouette-app/target/test-classes/io/chouette/app/BareLibrariesProcess*.class "$BARE_CLASSES/io/chouette/app/"
EXTRA=""
[ "${NMT:-0}" = 1 ] && EXTRA="-XX:NativeMemoryTracking=summary"

free_udp_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
nmt() { jcmd "$1" VM.native_memory summary | sed -nE 's/^-? *([A-Za-z ]+[a-z]) \(reserved=[0-9]+KB, committed=([0-9]+)KB\).*/\1=\2/p'; }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$RUNS"); do
  AGENT_LOG=$(mktemp); BARE_LOG=$(mktemp)
  # shellcheck disable=SC2086
  env API_KEY=footprint GLOBAL_TAGS='[]' CHOUETTE_STORAGE_TYPE=memory COLLECTOR_PLUGINS='["host"]' \
    DOGSTATSD_PORT="$(free_udp_port)" DATADOG_URL=http://127.0.0.1:9/api DATADOG_LOGS_URL=http://127.0.0.1:9 \
    JAVA_OPTS="$EXTRA" "$HOME_DIR/bin/chouette" >"$AGENT_LOG" 2>&1 &
  AGENT=$!
  # shellcheck disable=SC2086
  java $FLAGS $EXTRA -cp "$HOME_DIR/lib/chouette.jar:$BARE_CLASSES" \
    io.chouette.app.BareLibrariesProcess "$(free_udp_port)" >"$BARE_LOG" 2>&1 &
  BARE=$!
  trap 'kill $AGENT $BARE 2>/dev/null || true; rm -rf "$AGENT_LOG" "$BARE_LOG" "$BARE_CLASSES"' EXIT
  sleep "$IDLE_SECONDS"
  grep -q "DogStatsD listening" "$AGENT_LOG" || { echo "agent not listening:"; cat "$AGENT_LOG"; exit 1; }
  grep -q "bare libraries ready" "$BARE_LOG" || { echo "bare process not ready:"; cat "$BARE_LOG"; exit 1; }
  A=$(rss_kib $AGENT); B=$(rss_kib $BARE)
  awk -v r="$run" -v a="$A" -v b="$B" -v s="$IDLE_SECONDS" 'BEGIN {
    printf "run %d, idle RSS after %d s: chouette %d KiB (%.1f MiB), bare %d KiB (%.1f MiB), chouette %+.1f%%\n",
      r, s, a, a/1024, b, b/1024, (a-b)*100/b }'
  if [ "${NMT:-0}" = 1 ]; then
    echo "  NMT committed KiB (chouette, bare, difference):"
    join -t= <(nmt $AGENT | sort) <(nmt $BARE | sort) | awk -F= '{ printf "    %-28s %8d %8d %+8d\n", $1, $2, $3, $2-$3 }'
  fi
  kill -TERM $AGENT $BARE; wait $AGENT $BARE 2>/dev/null || true
  trap - EXIT; rm -f "$AGENT_LOG" "$BARE_LOG"
done
rm -rf "$BARE_CLASSES"
