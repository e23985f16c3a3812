package io.chouette.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The backlog drain benchmark (docs/PERFORMANCE.md): one hour of 100 metrics/s (360,000 wrapped
 * records over 200 contexts) queued in a private redis-server (or, with the setting {@code
 * CHOUETTE_STORAGE_TYPE=sqlite}, in a database in a temporary directory), then the real agent (the
 * packaged jar, default sender configuration, the given JVM flags) drains it to the loopback fake
 * intake. Prints the time from the first payload to the last point, from the process start, and the
 * agent's peak RSS (sampled every 50 ms, and the kernel's high-water mark).
 *
 * <p>Not a test: a main, run by hand from chouette-app ({@code scripts/drain-benchmark.sh}).
 * Arguments: records (default 360000), the agent's JVM flags as one string, then optional {@code
 * NAME=value} settings for the agent (the default configuration otherwise).
 */
public final class DrainBenchmark {

  private static final String API_KEY = "drain-benchmark";
  private static final boolean RAW = "raw".equals(System.getProperty("drain.queue"));

  private DrainBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 360_000;
    List<String> jvmFlags =
        args.length > 1 && !args[1].isBlank()
            ? Arrays.asList(args[1].trim().split("\\s+"))
            : List.of();
    Map<String, String> settings = new HashMap<>();
    for (int i = 2; i < args.length; i++) {
      String[] pair = args[i].split("=", 2);
      settings.put(pair[0], pair[1]);
    }
    String storage = settings.getOrDefault("CHOUETTE_STORAGE_TYPE", "redis");
    try (BenchmarkBacklog backlog = BenchmarkBacklog.create(RAW ? "redis-raw" : storage);
        FakeDatadog datadog = new FakeDatadog(API_KEY)) {
      datadog.answerOnReceipt();
      long loadStarted = System.nanoTime();
      backlog.queue(records);
      System.out.printf(
          "queued %,d %s records over %d contexts in %s in %.1f s%n",
          records,
          RAW ? "raw" : "wrapped",
          BenchmarkBacklog.CONTEXTS,
          storage,
          (System.nanoTime() - loadStarted) / 1e9);

      Map<String, String> env = new HashMap<>(backlog.env());
      env.put("API_KEY", API_KEY);
      env.put("GLOBAL_TAGS", "[\"env:bench\"]");
      env.put("DATADOG_URL", datadog.metricsUrl());
      env.put("DATADOG_LOGS_URL", datadog.logsUrl());
      env.put("DOGSTATSD_PORT", "0"); // no UDP port to clash with other processes
      env.putAll(settings);
      long started = System.nanoTime();
      try (ChouetteProcess chouette = ChouetteProcess.jar(jvmFlags, env)) {
        long firstPayload = 0;
        long peakRssKib = 0;
        int delivered = 0;
        while (!backlog.drained(delivered, records)) {
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
        // The last bulk is deleted once its answer is back; self-metrics may come on top.
        long left = backlog.left(chouette);
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
            "drained %,d points (%,d distinct backlog points, %,d records left in the store, %d"
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
