#!/usr/bin/env bash
# Write cost of the sqlite engine per aggregation tick under a steady DogStatsD load
# (docs/PERFORMANCE.md): bytes written to the block device (/proc/<pid>/io write_bytes) and the
# fsync/fdatasync calls (strace -c over every thread) over TICKS aggregation ticks.
# A local intake on loopback accepts every payload (202), so the senders delete what they send.
# Loopback only. Usage: scripts/sqlite-tick-io.sh   (after `mvn -B -q package -DskipTests`)
#   RATE (10000) metrics/s in packed datagrams of LINES (100) lines over CONTEXTS (200) contexts;
#   TICKS (6) ticks of AGGREGATE_INTERVAL (10) s measured after WARMUP_TICKS (2).
#   JAR: the jar to run (chouette-app/target/chouette.jar).
#   DATA_PARENT: where the database lives (a disk, not tmpfs: tmpfs writes count 0 bytes).
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=${JAR:-chouette-app/target/chouette.jar}
RATE=${RATE:-10000}
LINES=${LINES:-100}
CONTEXTS=${CONTEXTS:-200}
TICKS=${TICKS:-6}
WARMUP_TICKS=${WARMUP_TICKS:-2}
INTERVAL=${AGGREGATE_INTERVAL:-10}
STORAGE=${STORAGE:-sqlite}
IMAGE_FLAGS="-XX:+UseSerialGC -Xms8m -Xmx64m -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=16m -Xss512k -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError"

[ -f "$JAR" ] || { echo "missing $JAR: run 'mvn -B -q package -DskipTests' first" >&2; exit 1; }
command -v strace >/dev/null || { echo "strace is needed (apt-get install -y strace)" >&2; exit 1; }

free_port() { python3 -c "import socket; s=socket.socket(socket.AF_INET, socket.$1); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"; }
write_bytes() { awk '/^write_bytes/ {print $2}' "/proc/$1/io"; }

WORK=$(mktemp -d -p "${DATA_PARENT:-$PWD/target}" 2>/dev/null || { mkdir -p target; mktemp -d -p target; })
INTAKE_PORT=$(free_port SOCK_STREAM)
STATSD_PORT=$(free_port SOCK_DGRAM)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

python3 - "$INTAKE_PORT" <<'EOF' >/dev/null 2>&1 &
import sys, http.server
class Intake(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(202); self.send_header("Content-Length", "2"); self.end_headers()
        self.wfile.write(b"{}")
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Intake).serve_forever()
EOF
PIDS+=($!)

# shellcheck disable=SC2086
API_KEY=tick GLOBAL_TAGS='[]' CHOUETTE_STORAGE_TYPE=$STORAGE CHOUETTE_DATA_DIR="$WORK/data" \
  COLLECTOR_PLUGINS='[]' DOGSTATSD_PORT=$STATSD_PORT AGGREGATE_INTERVAL=$INTERVAL \
  DATADOG_URL=http://127.0.0.1:$INTAKE_PORT/api DATADOG_LOGS_URL=http://127.0.0.1:$INTAKE_PORT \
  java $IMAGE_FLAGS -jar "$JAR" >"$WORK/chouette.log" 2>&1 &
PID=$!
PIDS+=($PID)
for _ in $(seq 1 1500); do
  grep -q "DogStatsD listening" "$WORK/chouette.log" && break
  kill -0 $PID 2>/dev/null || { cat "$WORK/chouette.log"; exit 1; }
  sleep 0.02
done

# Steady load: RATE metrics/s, LINES lines a datagram, CONTEXTS contexts (counts and gauges).
python3 - "$STATSD_PORT" "$RATE" "$LINES" "$CONTEXTS" <<'EOF' &
import socket, sys, time
port, rate, lines, contexts = (int(a) for a in sys.argv[1:5])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
metrics = [("tick.load.%d:1|c|#route:r%d" % (i, i % 7)) if i % 2 else ("tick.gauge.%d:%d|g|#route:r%d" % (i, i, i % 7))
           for i in range(contexts)]
datagrams = ["\n".join(metrics[(d * lines + j) % contexts] for j in range(lines)).encode() for d in range(contexts)]
per_second = rate // lines
start, sent = time.monotonic(), 0
while True:
    s.sendto(datagrams[sent % len(datagrams)], ("127.0.0.1", port))
    sent += 1
    ahead = start + sent / per_second - time.monotonic()
    if ahead > 0:
        time.sleep(ahead)
EOF
PIDS+=($!)

sleep $((WARMUP_TICKS * INTERVAL))
SECONDS_MEASURED=$((TICKS * INTERVAL))
BEFORE=$(write_bytes $PID)
TRACE=$WORK/strace.txt
# Every thread of the JVM, and any it starts.
# shellcheck disable=SC2046
timeout -s INT $SECONDS_MEASURED strace -f -c -e trace=${TRACE_CALLS:-fsync,fdatasync} -o "$TRACE" \
  $(ls /proc/$PID/task | sed 's/^/-p /') 2>/dev/null || true
AFTER=$(write_bytes $PID)
SYNCS=$(awk '$NF=="fsync"||$NF=="fdatasync" {n+=$4} END {print n+0}' "$TRACE")

echo "storage $STORAGE, $RATE metrics/s, $CONTEXTS contexts, $TICKS ticks of $INTERVAL s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "bytes written: $((AFTER - BEFORE)) total, $(((AFTER - BEFORE) / TICKS)) per tick"
echo "fsync+fdatasync: $SYNCS total, $(awk -v s="$SYNCS" -v t="$TICKS" 'BEGIN {printf "%.1f", s / t}') per tick"
grep -vE "^(%|-|$)" "$TRACE" | sed 's/^/  strace: /' || true
echo "database: $(du -sk "$WORK/data" | cut -f1) KiB on disk at the end"
