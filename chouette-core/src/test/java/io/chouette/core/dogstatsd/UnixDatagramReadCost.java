package io.chouette.core.dogstatsd;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * CPU time of a reading thread per datagram on a Unix datagram socket, for junixsocket's own read
 * and for the JDK's file reads on the socket's descriptor ({@link
 * DogStatsdReceiver#descriptorReads}), which the receiver uses (docs/PERFORMANCE.md). The native
 * sender offers single-metric datagrams at a steady rate while this thread reads them, switching
 * between the two ways of reading every {@code seconds}, so that both see the same traffic and the
 * same machine; thread CPU time (user and system), not wall time. Run it in a network namespace
 * whose Unix datagram queue holds 512 datagrams, as {@code scripts/dogstatsd-uds-benchmark.sh}
 * does, so that the sender rarely waits:
 *
 * <pre>{@code
 * unshare -n sh -c "sysctl -q -w net.unix.max_dgram_qlen=512 && java -cp <test class path> \
 *   io.chouette.core.dogstatsd.UnixDatagramReadCost [datagrams/s] [seconds per slice] [rounds]"
 * }</pre>
 */
public final class UnixDatagramReadCost {

  private static final int WARM_UP_SECONDS = 3;

  private UnixDatagramReadCost() {}

  /** One way of reading a datagram into the buffer: its byte count, 0 or less for none. */
  @FunctionalInterface
  private interface Read {
    int into(ByteBuffer buffer) throws IOException;
  }

  public static void main(String[] args) throws Exception {
    long rate = args.length > 0 ? Long.parseLong(args[0]) : 150_000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    NativeSenders senders = NativeSenders.compile(Path.of(NativeSenders.DEFAULT_SOURCE));
    Path pool = NativeSenders.writePool(new DogStatsdTraffic(1_000, 42).single(10_000));
    Path dir = Files.createTempDirectory("chouette-read-cost-");
    Path socket = dir.resolve("dsd.socket");
    try (AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open()) {
      channel.bind(AFUNIXSocketAddress.of(socket));
      channel.configureBlocking(true);
      channel.socket().setSoTimeout(100);
      ReadableByteChannel fileReads = DogStatsdReceiver.descriptorReads(channel);
      Read junixsocket = junixsocketReads(channel);
      Read descriptor = fileReads::read;

      int total = WARM_UP_SECONDS + 2 * rounds * seconds + 2;
      Thread sender = new Thread(() -> send(senders, socket, pool, rate, total), "sender");
      sender.start();
      ByteBuffer buffer = ByteBuffer.allocateDirect(Chunk.BYTES);
      measure(junixsocket, buffer, WARM_UP_SECONDS / 2.0);
      measure(descriptor, buffer, WARM_UP_SECONDS / 2.0);
      List<Double> junixsocketCosts = new ArrayList<>();
      List<Double> descriptorCosts = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        double viaJunixsocket = measure(junixsocket, buffer, seconds);
        double viaDescriptor = measure(descriptor, buffer, seconds);
        junixsocketCosts.add(viaJunixsocket);
        descriptorCosts.add(viaDescriptor);
        System.out.printf(
            Locale.ROOT,
            "round %d: junixsocket read %.0f ns CPU per datagram, descriptor read %.0f ns"
                + " (%+.1f%%)%n",
            round,
            viaJunixsocket,
            viaDescriptor,
            100 * (viaDescriptor - viaJunixsocket) / viaJunixsocket);
      }
      System.out.printf(
          Locale.ROOT,
          "median at %,d datagrams/s: junixsocket read %.0f ns, descriptor read %.0f ns%n",
          rate,
          median(junixsocketCosts),
          median(descriptorCosts));
      while (sender.isAlive()) {
        buffer.clear();
        descriptor.into(buffer); // the sender blocks on a full queue until its time is up
      }
    } finally {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    }
  }

  private static Read junixsocketReads(AFUNIXDatagramChannel channel) {
    return buffer -> {
      try {
        return channel.read(buffer);
      } catch (SocketTimeoutException e) {
        return 0;
      }
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
      if (read.into(buffer) > 0) {
        datagrams++;
        if (buffer.remaining() < Chunk.MAX_DATAGRAM_BYTES) {
          buffer.clear();
        }
      }
    }
    return (double) (threads.getCurrentThreadCpuTime() - cpuBefore) / Math.max(1, datagrams);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
