package io.chouette.core.dogstatsd;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of the receiving thread per metric line, for the benchmarks of {@link
 * DogStatsdBenchmark} and {@link DogStatsdEnrichmentBenchmark}: unlike JMH's throughput, which
 * counts wall time, it changes little when other processes share the cores, so runs on a busy
 * machine can still be compared. Warms up, then measures; drains the buckets every 10 M lines as
 * the aggregator would. Usage (docs/PERFORMANCE.md):
 *
 * <pre>{@code
 * DogStatsdCpuPerLine packed|single|{plain,enriched}-{packed,new,tagsets} [seconds]
 * }</pre>
 */
public final class DogStatsdCpuPerLine {

  private DogStatsdCpuPerLine() {}

  public static void main(String[] args) {
    String what = args[0];
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
    Workload workload = workload(what);
    run(workload, seconds / 2); // warm-up
    double nanosPerLine = run(workload, seconds);
    System.out.printf("%s: %.1f ns CPU per line%n", what, nanosPerLine);
  }

  /** One call of {@code batch} ingests {@link DogStatsdBenchmark#LINES} lines. */
  private record Workload(Runnable batch, Runnable drain) {}

  private static Workload workload(String what) {
    switch (what) {
      case "packed", "single" -> {
        DogStatsdBenchmark benchmark = new DogStatsdBenchmark();
        benchmark.setUp();
        return new Workload(
            what.equals("packed") ? benchmark::aggregatePacked : benchmark::aggregateSingle,
            benchmark::drain);
      }
      default -> {
        DogStatsdEnrichmentBenchmark benchmark = new DogStatsdEnrichmentBenchmark();
        benchmark.setup = what.substring(0, what.indexOf('-'));
        benchmark.setUp();
        Runnable batch =
            what.endsWith("-new")
                ? benchmark::newContexts
                : what.endsWith("-tagsets") ? benchmark::newTagSets : benchmark::aggregatePacked;
        return new Workload(batch, benchmark::drain);
      }
    }
  }

  /** CPU nanoseconds per line over about {@code seconds} of this thread's CPU. */
  private static double run(Workload workload, double seconds) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long start = threads.getCurrentThreadCpuTime();
    long budget = (long) (seconds * 1e9);
    long lines = 0;
    long sinceDrain = 0;
    while (threads.getCurrentThreadCpuTime() - start < budget) {
      workload.batch().run();
      lines += DogStatsdBenchmark.LINES;
      sinceDrain += DogStatsdBenchmark.LINES;
      if (sinceDrain >= 10_000_000) {
        workload.drain().run();
        sinceDrain = 0;
      }
    }
    return (double) (threads.getCurrentThreadCpuTime() - start) / lines;
  }
}
