#!/usr/bin/env bash
# DogStatsD over Unix sockets, end to end (docs/PERFORMANCE.md, "DogStatsD over Unix sockets"):
# runs DogStatsdLoadGenerator RUNS times per scenario against the packaged agent and prints, per
# scenario, the min / median / max of the offered rate, the share aggregated, Chouette's CPU and
# its CPU per datagram (CPU seconds / datagrams offered).
# Usage: scripts/dogstatsd-uds-benchmark.sh [scenario ...]
#   (after `mvn -B -q -pl chouette-app -am package -DskipTests`; RUNS=3 SECONDS_PER_RUN=20)
# Scenarios: udp-single uds-single stream-4 origin-fields origin-on (default: all), and
# origin-none origin-pid (detection off, then on, lines without a c: field: the sender's pid).
# SENDER=native offers the measured runs from the generator's C sender (one process per sending
# thread, compiled with gcc at each run's start) instead of its Java threads (SENDER=java, the
# default): cheaper per datagram, for target rates the Java senders cannot offer on few cores.
# SENDER_BATCH=16 has each C sender hand the kernel up to 16 datagrams a system call (sendmmsg;
# default 1, one send per datagram as Datadog's clients do): the reader still receives each datagram
# on its own, while the sender takes less of the CPU that the agent it measures needs.
# QLEN=512 runs each measurement in a private network namespace whose Unix datagram queue
# (net.unix.max_dgram_qlen, per namespace; 10 on many hosts) holds that many datagrams, as a
# node's sysctl would set it (needs root: unshare, ip, sysctl).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-20}
SENDER=${SENDER:-java}
SENDER_BATCH=${SENDER_BATCH:-1}
QLEN=${QLEN:-}
CP=chouette-core/target/test-classes:chouette-app/target/chouette.jar
[ -f chouette-app/target/chouette.jar ] || { echo "missing chouette-app/target/chouette.jar: run 'mvn -B -q -pl chouette-app -am package -DskipTests' first" >&2; exit 1; }

# One C sender offers single datagrams faster than Chouette reads them (332,000/s to a bare
# reader); a second would only take CPU from the reader on a 2-core machine. Java senders need two.
SINGLE_THREADS=2
[ "$SENDER" = native ] && SINGLE_THREADS=1
declare -A ARGS=(
  [udp-single]="--transport udp --mode single --rate 330000 --threads $SINGLE_THREADS"
  [uds-single]="--transport uds --mode single --rate 330000 --threads $SINGLE_THREADS"
  [stream-4]="--transport uds_stream --mode packed --rate 1200000 --threads 4"
  [origin-fields]="--transport uds --mode single --rate 100000 --origin fields"
  [origin-on]="--transport uds --mode single --rate 100000 --origin on"
  [origin-none]="--transport uds --mode single --rate 100000 --origin off"
  [origin-pid]="--transport uds --mode single --rate 100000 --origin pid"
)
SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=(udp-single uds-single stream-4 origin-fields origin-on)

# min / median / max of the numbers on stdin
stats() { sort -g | awk '{v[NR]=$1} END {printf "%s / %s / %s", v[1], v[int((NR+1)/2)], v[NR]}'; }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for scenario in "${SCENARIOS[@]}"; do
  args=${ARGS[$scenario]:?unknown scenario $scenario}
  results=$(mktemp)
  for run in $(seq "$RUNS"); do
    command="java -cp $CP io.chouette.core.dogstatsd.DogStatsdLoadGenerator --seconds $SECONDS_PER_RUN --sender $SENDER --sender-batch $SENDER_BATCH $args"
    if [ -n "$QLEN" ]; then
      out=$(unshare -n sh -c "ip link set lo up && sysctl -q -w net.unix.max_dgram_qlen=$QLEN && $command")
    else
      # shellcheck disable=SC2086
      out=$($command)
    fi
    load=$(cut -d' ' -f1 /proc/loadavg)
    echo "$out" | awk -v loadavg="$load" '
      /^offered:/ { gsub(/[(,]/, ""); datagrams = $5; metricsPerS = $7 }
      /^aggregated:/ { gsub(/[(%]/, ""); share = $4 }
      /^Chouette:/ { gsub(/[(]/, ""); cores = $3; cpu = $5 }
      END { printf "%s %s %s %.2f %s\n", metricsPerS, share, cores, cpu / datagrams * 1e6, loadavg }' \
      >> "$results"
    echo "  $scenario run $run: $(tail -1 "$results")  (metrics/s, % aggregated, cores, µs CPU/datagram, load)"
  done
  echo "$scenario ($args, $SENDER sender, sender batch $SENDER_BATCH, ${SECONDS_PER_RUN}s x $RUNS), min / median / max:"
  echo "  offered metrics/s  $(cut -d' ' -f1 "$results" | stats)"
  echo "  aggregated %       $(cut -d' ' -f2 "$results" | stats)"
  echo "  Chouette CPU cores $(cut -d' ' -f3 "$results" | stats)"
  echo "  µs CPU / datagram  $(cut -d' ' -f4 "$results" | stats)"
  echo "  load average       $(cut -d' ' -f5 "$results" | stats)"
  rm -f "$results"
done
