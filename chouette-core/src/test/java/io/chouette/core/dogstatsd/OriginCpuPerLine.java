package io.chouette.core.dogstatsd;

import io.chouette.core.config.OriginDetectionConfig;
import io.chouette.core.dogstatsd.origin.ContainerInfo;
import io.chouette.core.dogstatsd.origin.OriginResolver;
import io.chouette.core.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * CPU time of the receiving thread per metric line with origin detection off and on
 * (docs/PERFORMANCE.md): single-line datagrams over 1,000 contexts, every line with a {@code |c:}
 * field among 10 container ids, as {@code DogStatsdLoadGenerator --origin fields|on} sends them;
 * the container lookup answers at once (image {@code load/app:1.0}, as the generator's fake
 * engine). Thread CPU time, not wall time, so that runs on a busy machine can be compared.
 * Alternates off and on {@code rounds} times.
 *
 * <pre>{@code
 * OriginCpuPerLine [seconds per measurement] [rounds]
 * }</pre>
 */
public final class OriginCpuPerLine {

  private OriginCpuPerLine() {}

  private record Chunk(byte[] data, int[] lengths, int[] pids, int count) {}

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ids.add(String.format(Locale.ROOT, "%064x", 0x1000 + i));
    }
    List<Chunk> chunks =
        chunks(
            LoadTransport.withContainerIds(
                new DogStatsdTraffic(1_000, 2).single(DogStatsdBenchmark.LINES), ids));
    DogStatsdBuckets off = buckets();
    DogStatsdBuckets on = buckets();
    OriginResolver resolver =
        new OriginResolver(
            id ->
                CompletableFuture.completedFuture(
                    Optional.of(new ContainerInfo(id, id, "load/app:1.0"))),
            new OriginDetectionConfig(
                true, OriginDetectionConfig.Cardinality.LOW, Path.of("/proc")));
    on.detectOrigin(new OriginLines(resolver));
    run(off, chunks, seconds / 2); // warm-up
    run(on, chunks, seconds / 2);
    for (int round = 1; round <= rounds; round++) {
      double plain = run(off, chunks, seconds);
      double tagged = run(on, chunks, seconds);
      System.out.printf(
          Locale.ROOT,
          "round %d: origin off %.1f ns CPU per line, on %.1f ns (%+.1f%%)%n",
          round,
          plain,
          tagged,
          100 * (tagged - plain) / plain);
    }
    resolver.close();
  }

  private static DogStatsdBuckets buckets() {
    return new DogStatsdBuckets(
        Duration.ofSeconds(10), 100_000, true, MutableClock.atSeconds(1_600_000_005));
  }

  private static List<Chunk> chunks(List<DogStatsdTraffic.Datagram> datagrams) {
    List<Chunk> chunks = new ArrayList<>();
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    int[] lengths = new int[4_096];
    int count = 0;
    for (DogStatsdTraffic.Datagram datagram : datagrams) {
      if (count == lengths.length || data.size() + datagram.bytes().length > 64 * 1024) {
        chunks.add(new Chunk(data.toByteArray(), lengths.clone(), new int[count], count));
        data.reset();
        count = 0;
      }
      data.writeBytes(datagram.bytes());
      lengths[count++] = datagram.bytes().length;
    }
    chunks.add(new Chunk(data.toByteArray(), lengths.clone(), new int[count], count));
    return chunks;
  }

  /** CPU nanoseconds per line over about {@code seconds} of this thread's CPU. */
  private static double run(DogStatsdBuckets buckets, List<Chunk> chunks, double seconds) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long start = threads.getCurrentThreadCpuTime();
    long budget = (long) (seconds * 1e9);
    long lines = 0;
    long sinceDrain = 0;
    while (threads.getCurrentThreadCpuTime() - start < budget) {
      for (Chunk chunk : chunks) {
        buckets.ingest(
            DogStatsdTransport.UDS, chunk.data(), chunk.lengths(), chunk.pids(), chunk.count());
      }
      lines += DogStatsdBenchmark.LINES;
      sinceDrain += DogStatsdBenchmark.LINES;
      if (sinceDrain >= 10_000_000) {
        buckets.drainClosed(0, true); // what the aggregator does every 10 s
        sinceDrain = 0;
      }
    }
    return (double) (threads.getCurrentThreadCpuTime() - start) / lines;
  }
}
