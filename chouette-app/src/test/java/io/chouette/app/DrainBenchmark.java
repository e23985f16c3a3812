package io.chouette.app;

import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.metric.WrappedMetricCodec;
import io.chouette.redis.testing.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The backlog drain benchmark (docs/PERFORMANCE.md): one hour of 100 metrics/s (360,000 wrapped
 * records over 200 contexts) queued in a private redis-server, then the real agent (the packaged
 * jar, default sender configuration, the given JVM flags) drains it to the loopback fake intake.
 * Prints the time from the first payload to the last point, from the process start, and the agent's
 * peak RSS (sampled every 50 ms, and the kernel's high-water mark).
 *
 * <p>Not a test: a main, run by hand from chouette-app ({@code scripts/drain-benchmark.sh}).
 * Arguments: records (default 360000), the agent's JVM flags as one string, then optional {@code
 * NAME=value} settings for the agent (the default configuration otherwise). With {@code
 * -Ddrain.queue=raw} the backlog is raw count metrics (value 1) in the raw queue, as the client
 * library writes them, over the last 10 minutes, which the aggregator reads in batches; the drain
 * ends when both queues are empty.
 */
public final class DrainBenchmark {

  private static final String API_KEY = "drain-benchmark";
  private static final int CONTEXTS = 200;
  private static final int PER_SECOND = 100;
  private static final boolean RAW = "raw".equals(System.getProperty("drain.queue"));

  private DrainBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 360_000;
    List<String> jvmFlags =
        args.length > 1 && !args[1].isBlank()
            ? Arrays.asList(args[1].trim().split("\\s+"))
            : List.of();
    try (RedisServer redis = RedisServer.start(RedisServer.Persistence.NONE);
        FakeDatadog datadog = new FakeDatadog(API_KEY)) {
      long loadStarted = System.nanoTime();
      if (RAW) {
        queueRawBacklog(redis, records);
      } else {
        queueBacklog(redis, records);
      }
      System.out.printf(
          "queued %,d "
              + (RAW ? "raw" : "wrapped")
              + " records over %d contexts in Redis in %.1f s%n",
          records,
          CONTEXTS,
          (System.nanoTime() - loadStarted) / 1e9);

      Map<String, String> env = new HashMap<>(redis.env());
      env.put("API_KEY", API_KEY);
      env.put("GLOBAL_TAGS", "[\"env:bench\"]");
      env.put("CHOUETTE_STORAGE_TYPE", "redis");
      env.put("DATADOG_URL", datadog.metricsUrl());
      env.put("DATADOG_LOGS_URL", datadog.logsUrl());
      env.put("DOGSTATSD_PORT", "0"); // no UDP port to clash with other processes
      for (int i = 2; i < args.length; i++) {
        String[] pair = args[i].split("=", 2);
        env.put(pair[0], pair[1]);
      }
      long started = System.nanoTime();
      try (ChouetteProcess chouette = ChouetteProcess.jar(jvmFlags, env)) {
        long firstPayload = 0;
        long peakRssKib = 0;
        int delivered = 0;
        while (RAW ? !rawDrained(redis, delivered) : delivered < records) {
          if (!chouette.isAlive()) {
            throw new IllegalStateException("Chouette stopped:\n" + chouette.tail(40));
          }
          peakRssKib = Math.max(peakRssKib, status(chouette.pid(), "VmRSS"));
          delivered = datadog.pointCount();
          if (firstPayload == 0 && delivered > 0) {
            firstPayload = System.nanoTime();
          }
          if ((System.nanoTime() - started) / 1e9 > 600) {
            throw new IllegalStateException("not drained within 10 minutes: " + delivered);
          }
          Thread.sleep(50);
        }
        long done = System.nanoTime();
        long highWater = status(chouette.pid(), "VmHWM");
        long left;
        try (Jedis jedis = redis.connect()) {
          // The last bulk is deleted once its answer is back; self-metrics may come on top.
          long settle = System.nanoTime() + 5_000_000_000L;
          do {
            Thread.sleep(50);
            left = jedis.zcard("chouette:metrics:wrapped.keys");
          } while (left >= 100 && System.nanoTime() < settle);
        }
        if (RAW) {
          double counted =
              datadog.points().stream()
                  .filter(p -> p.metric().startsWith("bench."))
                  .mapToDouble(FakeDatadog.Point::value)
                  .sum();
          System.out.printf("raw counts delivered: sum of values %,.0f%n", counted);
        }
        long distinct =
            datadog.points().stream()
                .filter(p -> p.metric().startsWith("bench."))
                .map(p -> p.tags() + "@" + p.timestamp())
                .distinct()
                .count();
        System.out.printf(
            "drained %,d points (%,d distinct backlog points, %,d records left in Redis, %d"
                + " requests, at most %d at once)%n",
            delivered, distinct, left, datadog.requests(), datadog.mostInFlight());
        System.out.printf(
            "first payload %.1f s after the process start (the first release tick), last point"
                + " %.1f s after the first payload, %.1f s after the start%n",
            (firstPayload - started) / 1e9, (done - firstPayload) / 1e9, (done - started) / 1e9);
        System.out.printf(
            "Chouette RSS: peak sampled %d MiB, high-water mark %d MiB, flags %s%n",
            peakRssKib / 1024, highWater / 1024, jvmFlags);
        if (jvmFlags.stream().anyMatch(f -> f.startsWith("-XX:NativeMemoryTracking"))) {
          Process jcmd =
              new ProcessBuilder(
                      "jcmd", String.valueOf(chouette.pid()), "VM.native_memory", "summary")
                  .redirectErrorStream(true)
                  .start();
          String summary = new String(jcmd.getInputStream().readAllBytes());
          summary
              .lines()
              .filter(l -> l.startsWith("Total") || l.matches("^-\\s+\\S.*"))
              .forEach(System.out::println);
        }
        chouette.terminate();
        chouette.awaitExit(java.time.Duration.ofSeconds(20));
      }
    }
  }

  /** One hour of {@code records} / 3600 gauges a second ending now, oldest first, pipelined. */
  static void queueBacklog(RedisServer redis, int records) {
    long now = System.currentTimeMillis() / 1000;
    double span = records / (double) PER_SECOND;
    try (Jedis jedis = redis.connect()) {
      Pipeline pipeline = jedis.pipelined();
      for (int i = 0; i < records; i++) {
        double ts = now - span + i / (double) PER_SECOND;
        int context = i % CONTEXTS;
        String key = UUID.randomUUID().toString();
        pipeline.zadd("chouette:metrics:wrapped.keys", ts, key);
        pipeline.hset(
            "chouette:metrics:wrapped.values",
            key,
            WrappedMetricCodec.toJson(
                WrappedMetric.gauge(
                    "bench.metric." + context % 20, List.of("ctx:" + context), ts, i % 1000)));
        if (i % 10_000 == 9_999) {
          pipeline.sync();
        }
      }
      pipeline.sync();
    }
  }

  private static boolean rawDrained(RedisServer redis, int delivered) {
    if (delivered == 0) {
      return false;
    }
    try (Jedis jedis = redis.connect()) {
      // Self-metrics keep arriving in the raw queue: a few left mean the backlog is through.
      return jedis.zcard("chouette:metrics:raw.keys") < 100
          && jedis.zcard("chouette:metrics:wrapped.keys") < 100;
    }
  }

  /** {@code records} raw count metrics of value 1 over the last 10 minutes, pipelined. */
  static void queueRawBacklog(RedisServer redis, int records) {
    double now = System.currentTimeMillis() / 1000.0;
    try (Jedis jedis = redis.connect()) {
      Pipeline pipeline = jedis.pipelined();
      for (int i = 0; i < records; i++) {
        double ts = now - 600 + i * 600.0 / records;
        int context = i % CONTEXTS;
        String key = UUID.randomUUID().toString();
        pipeline.zadd("chouette:metrics:raw.keys", ts, key);
        pipeline.hset(
            "chouette:metrics:raw.values",
            key,
            "{\"metric\": \"bench.raw."
                + context % 20
                + "\", \"type\": \"count\", \"value\": 1, \"timestamp\": "
                + ts
                + ", \"tags\": {\"ctx\": \""
                + context
                + "\"}}");
        if (i % 10_000 == 9_999) {
          pipeline.sync();
        }
      }
      pipeline.sync();
    }
  }

  /** A field of /proc/&lt;pid&gt;/status in KiB ({@code VmRSS}, {@code VmHWM}). */
  static long status(long pid, String field) throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return 0;
  }
}
