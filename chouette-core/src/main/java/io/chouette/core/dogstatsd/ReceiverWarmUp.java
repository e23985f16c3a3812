package io.chouette.core.dogstatsd;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the receive path (socket read, parsing, aggregation) over synthetic datagrams on a throwaway
 * loopback socket and buckets, so that the JIT has compiled it before real traffic arrives and
 * fewer of the first datagrams are dropped (docs/PERFORMANCE.md). Costs a fraction of a second of
 * CPU at startup; never fails the start.
 */
final class ReceiverWarmUp {

  /** Datagrams sent through the receive path at startup. */
  static final int DATAGRAMS = 6_000;

  // Logged as part of the receiver, whose start it belongs to.
  private static final Logger log = LoggerFactory.getLogger(DogStatsdReceiver.class);

  private ReceiverWarmUp() {}

  /** Sends {@code datagrams} synthetic datagrams through the receive path; 0 does nothing. */
  static void run(int datagrams) {
    if (datagrams <= 0) {
      return;
    }
    DogStatsdBuckets scratch =
        new DogStatsdBuckets(Duration.ofSeconds(10), 1_000, false, Clock.systemUTC());
    byte[][] samples = datagrams();
    ByteBuffer in = ByteBuffer.allocateDirect(Chunk.BYTES);
    byte[] data = new byte[Chunk.BYTES];
    int[] lengths = new int[1];
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    try (DatagramChannel receiving = DatagramChannel.open(StandardProtocolFamily.INET);
        DatagramChannel sending = DatagramChannel.open(StandardProtocolFamily.INET)) {
      receiving.bind(loopback);
      sending.connect(receiving.getLocalAddress());
      for (int i = 0; i < datagrams; i++) {
        sending.write(ByteBuffer.wrap(samples[i % samples.length]));
        in.clear();
        receiving.receive(in);
        lengths[0] = in.position();
        in.get(0, data, 0, lengths[0]);
        scratch.ingest(data, lengths, 1);
        if (i % 1_000 == 999) {
          scratch.drainClosed(0, true);
        }
      }
    } catch (IOException | RuntimeException e) {
      log.debug("DogStatsD warm-up skipped: {}", e.toString());
    }
  }

  /**
   * Packed datagrams of every type and field, over 200 contexts; and, one datagram in five,
   * distributions of a few contexts only, so that their sketches fill and merge their key buffers
   * as under real traffic (one merge every 512 samples).
   */
  private static byte[][] datagrams() {
    String[] types = {"c", "g", "ms", "h", "d", "c|@0.5", "g|T1600000000", "c", "g", "c"};
    byte[][] datagrams = new byte[20][];
    int context = 0;
    for (int d = 0; d < datagrams.length; d++) {
      if (d % 5 == 4) {
        datagrams[d] = distributions(d);
        continue;
      }
      StringBuilder text = new StringBuilder(1432);
      while (text.length() < 1_350) {
        String type = types[context % types.length];
        text.append("chouette.warm_up.")
            .append(context % 20)
            .append(':')
            .append(context % 7 == 0 ? "1.5:2" : String.valueOf(context))
            .append('|')
            .append(type)
            .append("|#env:warm_up,context:")
            .append(context % 200)
            .append('\n');
        if (context % 50 == 0) {
          text.append("chouette.warm_up.set:member").append(context).append("|s\n");
        }
        context++;
      }
      datagrams[d] = text.toString().getBytes(StandardCharsets.UTF_8);
    }
    return datagrams;
  }

  private static byte[] distributions(int seed) {
    StringBuilder text = new StringBuilder(1432);
    for (int i = 0; text.length() < 1_350; i++) {
      int spread = (seed * 7_919 + i * 104_729) % 100_000;
      text.append("chouette.warm_up.latency:")
          .append(spread / 100.0)
          .append(i % 9 == 0 ? "|d|@0.5" : "|d")
          .append("|#env:warm_up,context:")
          .append(i % 4)
          .append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
