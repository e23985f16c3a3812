package io.chouette.core.dogstatsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.config.DogStatsdConfig;
import io.chouette.core.metric.MergedMetric;
import io.chouette.core.testing.MutableClock;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The reader and processor threads with a real socket: chunks, order, close. */
class DogStatsdReceiverIT {

  private static final long T0 = 1_600_000_000L;

  private final MutableClock clock = MutableClock.atSeconds(T0 + 1);
  private final DogStatsdBuckets buckets =
      new DogStatsdBuckets(Duration.ofSeconds(10), 1_000, false, clock);

  private DogStatsdReceiver start() throws Exception {
    return DogStatsdReceiver.start(
            new DogStatsdConfig(
                "127.0.0.1", 0, 4 << 20, 1_000, DogStatsdConfig.Distributions.HISTOGRAM),
            buckets,
            0)
        .get(5, TimeUnit.SECONDS);
  }

  @Test
  void burstsSpanningManyChunksAreAggregatedInOrderAndCloseWaitsForThem() throws Exception {
    DogStatsdReceiver receiver = start();
    int datagrams = 3 * 4_096 + 17; // many chunks: more than one can hold, and handed over often
    try (DatagramChannel sender = DatagramChannel.open()) {
      sender.connect(receiver.address());
      for (int i = 1; i <= datagrams; i++) {
        sender.write(
            ByteBuffer.wrap(("seq:" + i + "|g\nburst:1|c").getBytes(StandardCharsets.UTF_8)));
        if (i % 100 == 0) {
          awaitPackets(i); // keeps even a small default socket buffer from overflowing
        }
      }
    }
    awaitPackets(datagrams);
    receiver.close();

    List<MergedMetric> metrics = buckets.drainClosed(0, true);
    assertThat(metrics)
        .filteredOn(metric -> metric.name().equals("seq"))
        .singleElement()
        .satisfies(seq -> assertThat(seq.values()).containsExactly((double) datagrams));
    assertThat(metrics)
        .filteredOn(metric -> metric.name().equals("burst"))
        .singleElement()
        .satisfies(burst -> assertThat(burst.values()).containsExactly((double) datagrams));
  }

  @Test
  void closeReleasesThePortAndIsIdempotent() throws Exception {
    DogStatsdReceiver receiver = start();
    InetSocketAddress address = receiver.address();
    receiver.close();
    receiver.close();
    try (DatagramChannel rebound = DatagramChannel.open()) {
      rebound.bind(address);
      assertThat(((InetSocketAddress) rebound.getLocalAddress()).getPort())
          .isEqualTo(address.getPort());
    }
  }

  private void awaitPackets(long packets) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (buckets.totals().packets() < packets && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(buckets.totals().packets()).isEqualTo(packets);
  }
}
