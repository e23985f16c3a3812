#!/bin/sh
# A stand-in application: every 5 s it
#  - sends DogStatsD datagrams to Chouette over UDP (nc from busybox), and
#  - writes a raw metric into Redis with chouette-iot-client's layout:
#    ZADD chouette:metrics:raw.keys <timestamp> <uuid>
#    HSET chouette:metrics:raw.values <uuid> <json>
set -eu
i=0
while true; do
  i=$((i + 1))
  printf 'example.requests:1|c|#route:/home\nexample.queue.depth:%d|g\nexample.latency:%d|ms|#route:/home\n' \
    "$((i % 17))" "$((20 + i % 30))" | nc -u -w1 chouette 8125 || true
  key=$(cat /proc/sys/kernel/random/uuid)
  now=$(date +%s)
  redis-cli -h redis ZADD chouette:metrics:raw.keys "$now" "$key" >/dev/null
  redis-cli -h redis HSET chouette:metrics:raw.values "$key" \
    "{\"metric\": \"example.jobs.done\", \"type\": \"count\", \"value\": 1, \"timestamp\": $now, \"tags\": {\"worker\": \"w1\"}}" >/dev/null
  sleep 5
done
