package io.chouette.core.dogstatsd;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * CPU time of a reading thread per datagram on a Unix datagram socket, for two ways of reading
 * (docs/PERFORMANCE.md): {@code single}, one datagram a call ({@link SingleUnixDatagramReads}, or
 * junixsocket's own read, {@code junixsocket}), against {@code batched}, several a call ({@link
 * BatchedUnixDatagramReads}, which the receiver uses). The native sender offers single-metric
 * datagrams at a steady rate, {@code sender batch} of them a system call, while this thread reads
 * them, switching between the two ways every {@code seconds}, so that both see the same traffic and
 * the same machine; thread CPU time (user and system), not wall time. Run it in a network namespace
 * whose Unix datagram queue holds 512 datagrams, as {@code scripts/dogstatsd-uds-benchmark.sh}
 * does, so that the sender rarely waits:
 *
 * <pre>{@code
 * unshare -n sh -c "sysctl -q -w net.unix.max_dgram_qlen=512 && java -cp <test class path> \
 *   io.chouette.core.dogstatsd.UnixDatagramReadCost [datagrams/s] [seconds per slice] [rounds] \
 *   [sender batch] [single|junixsocket]"
 * }</pre>
 */
public final class UnixDatagramReadCost {

  private static final int WARM_UP_SECONDS = 3;

  private UnixDatagramReadCost() {}

  /** One way of reading datagrams into the buffer: how many were read, 0 for none. */
  @FunctionalInterface
  private interface Read {
    int into(ByteBuffer buffer) throws IOException;
  }

  public static void main(String[] args) throws Exception {
    long rate = args.length > 0 ? Long.parseLong(args[0]) : 150_000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int senderBatch = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    String baseline = args.length > 4 ? args[4] : "single";
    NativeSenders senders =
        NativeSenders.compile(Path.of(NativeSenders.DEFAULT_SOURCE), senderBatch);
    Path pool = NativeSenders.writePool(new DogStatsdTraffic(1_000, 42).single(10_000));
    Path dir = Files.createTempDirectory("chouette-read-cost-");
    Path socket = dir.resolve("dsd.socket");
    try (AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open()) {
      channel.bind(AFUNIXSocketAddress.of(socket));
      channel.configureBlocking(true);
      channel.socket().setSoTimeout(100);
      Read single =
          baseline.equals("junixsocket")
              ? junixsocketReads(channel)
              : copying(SingleUnixDatagramReads.open(channel));
      Read batched = copying(BatchedUnixDatagramReads.open(channel, false));

      int total = WARM_UP_SECONDS + 2 * rounds * seconds + 2;
      Thread sender = new Thread(() -> send(senders, socket, pool, rate, total), "sender");
      sender.start();
      ByteBuffer buffer = ByteBuffer.allocateDirect(Chunk.BYTES);
      measure(single, buffer, WARM_UP_SECONDS / 2.0);
      measure(batched, buffer, WARM_UP_SECONDS / 2.0);
      List<Double> singleCosts = new ArrayList<>();
      List<Double> batchedCosts = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        double one = measure(single, buffer, seconds);
        double several = measure(batched, buffer, seconds);
        singleCosts.add(one);
        batchedCosts.add(several);
        System.out.printf(
            Locale.ROOT,
            "round %d: %s read %.0f ns CPU per datagram, batched read %.0f ns (%+.1f%%)%n",
            round,
            baseline,
            one,
            several,
            100 * (several - one) / one);
      }
      System.out.printf(
          Locale.ROOT,
          "median at %,d datagrams/s (sender batch %d): %s read %.0f ns, batched read %.0f ns%n",
          rate,
          senderBatch,
          baseline,
          median(singleCosts),
          median(batchedCosts));
      while (sender.isAlive()) {
        buffer.clear();
        batched.into(buffer); // the sender blocks on a full queue until its time is up
      }
    } finally {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    }
  }

  private static Read junixsocketReads(AFUNIXDatagramChannel channel) {
    return buffer -> {
      try {
        return channel.read(buffer) > 0 ? 1 : 0;
      } catch (SocketTimeoutException e) {
        return 0;
      }
    };
  }

  /** The datagrams of each receive appended to the buffer, as the receiver does. */
  private static Read copying(UnixDatagramReads reads) {
    return buffer -> {
      int received = reads.receive();
      for (int i = 0; i < received; i++) {
        if (buffer.remaining() < Chunk.MAX_DATAGRAM_BYTES) {
          buffer.clear();
        }
        reads.copyTo(i, buffer);
      }
      return received;
    };
  }

  private static void send(NativeSenders senders, Path socket, Path pool, long rate, int seconds) {
    try {
      AtomicLong ignored = new AtomicLong();
      senders.send(
          "uds", 0, socket, pool, 1, rate, seconds, ignored, ignored, ignored, new AtomicLong());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** This thread's CPU nanoseconds per datagram read over {@code seconds} of wall time. */
  private static double measure(Read read, ByteBuffer buffer, double seconds) throws IOException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long cpuBefore = threads.getCurrentThreadCpuTime();
    long datagrams = 0;
    while (System.nanoTime() < end) {
      datagrams += read.into(buffer);
      if (buffer.remaining() < Chunk.MAX_DATAGRAM_BYTES) {
        buffer.clear();
      }
    }
    return (double) (threads.getCurrentThreadCpuTime() - cpuBefore) / Math.max(1, datagrams);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
