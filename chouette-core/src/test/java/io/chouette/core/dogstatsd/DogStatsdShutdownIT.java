package io.chouette.core.dogstatsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.chouette.core.config.AggregatorConfig;
import io.chouette.core.config.DogStatsdConfig;
import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.storage.StorageActor;
import io.chouette.core.storage.memory.MemoryStorageEngine;
import io.chouette.core.testing.MutableClock;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;

/**
 * Graceful shutdown: samples still in an open bucket reach the store before the actor system
 * terminates, through the CoordinatedShutdown task the server registers.
 */
class DogStatsdShutdownIT {

  private static final long T0 = 1_600_000_000L;

  /** The reason a test gives CoordinatedShutdown, as SIGTERM gives Main's. */
  private static final class TestShutdown implements CoordinatedShutdown.Reason {}

  @Test
  void openBucketsAreStoredOnCoordinatedShutdown() throws Exception {
    ActorTestKit testKit = ActorTestKit.create("DogStatsdShutdownIT");
    MemoryStorageEngine engine = new MemoryStorageEngine();
    MutableClock clock = MutableClock.atSeconds(T0 + 2);
    DogStatsdBuckets buckets = new DogStatsdBuckets(Duration.ofSeconds(10), 100, true, clock);
    ActorRef<StorageActor.Command> storage = testKit.spawn(StorageActor.create(engine), "storage");
    ActorRef<DogStatsdServer.Command> server =
        testKit.spawn(
            DogStatsdServer.create(
                new DogStatsdConfig(
                    "127.0.0.1", 0, 0, 100, DogStatsdConfig.Distributions.HISTOGRAM),
                true,
                buckets,
                new DogStatsdWrapper(
                    new AggregatorConfig(
                        Duration.ofSeconds(10),
                        Duration.ofHours(4),
                        "dogstatsd",
                        List.of("max", "count"),
                        List.of())),
                storage),
            "dogstatsd");
    TestProbe<DogStatsdServer.ListenAddress> probe = testKit.createTestProbe();
    server.tell(new DogStatsdServer.GetListenAddress(probe.getRef()));
    InetSocketAddress address = probe.receiveMessage().address().orElseThrow();

    byte[] datagram = "jobs:3|c|#queue:a\nlatency:5:9|ms\n".getBytes(StandardCharsets.UTF_8);
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.send(new DatagramPacket(datagram, datagram.length, address));
    }
    testKit
        .createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(5),
            () -> {
              assertThat(buckets.totals().samples()).isEqualTo(3);
              return null;
            });
    assertThat(buckets.drainClosed(clock.millis() / 1000.0, false)).isEmpty(); // still open

    CoordinatedShutdown.get(testKit.system())
        .runAll(new TestShutdown())
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    testKit.system().getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(WrappedStore.wrappedMetrics(engine))
        .extracting(
            WrappedMetric::metric,
            WrappedMetric::tags,
            WrappedMetric::timestamp,
            WrappedMetric::value)
        .contains(
            tuple("jobs", List.of("queue:a"), (double) T0, 0.3),
            tuple("latency.max", List.of(), (double) T0, 9.0),
            tuple("latency.count", List.of(), (double) T0, 0.2),
            tuple("chouette.dogstatsd.samples", List.of("transport:udp"), (double) T0, 0.3));
    try (DatagramSocket rebound = new DatagramSocket(address)) {
      assertThat(rebound.getLocalPort()).isEqualTo(address.getPort()); // the port was released
    }
  }
}
