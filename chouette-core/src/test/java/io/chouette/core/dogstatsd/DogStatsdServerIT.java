package io.chouette.core.dogstatsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.chouette.core.config.AggregatorConfig;
import io.chouette.core.config.DogStatsdConfig;
import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.sketch.SketchBuilder;
import io.chouette.core.sketch.WrappedSketch;
import io.chouette.core.storage.StorageActor;
import io.chouette.core.storage.memory.MemoryStorageEngine;
import io.chouette.core.testing.MutableClock;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The server with real UDP sockets on loopback, the Storage actor and the in-memory engine. */
class DogStatsdServerIT {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final long T0 = 1_600_000_000L;
  private static final Duration WAIT = Duration.ofSeconds(5);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private final MemoryStorageEngine engine = new MemoryStorageEngine();
  private final MutableClock clock = MutableClock.atSeconds(T0 + 4);
  private final DogStatsdBuckets buckets =
      new DogStatsdBuckets(Duration.ofSeconds(10), 1_000, false, clock);
  private final ActorRef<StorageActor.Command> storage = testKit.spawn(StorageActor.create(engine));

  private ActorRef<DogStatsdServer.Command> server(DogStatsdConfig config) {
    return server(config, true);
  }

  private ActorRef<DogStatsdServer.Command> server(DogStatsdConfig config, boolean listen) {
    return testKit.spawn(
        DogStatsdServer.create(
            config,
            listen,
            buckets,
            new DogStatsdWrapper(
                new AggregatorConfig(
                    Duration.ofSeconds(10),
                    Duration.ofHours(4),
                    "dogstatsd",
                    AggregatorConfig.DEFAULT_AGGREGATES,
                    AggregatorConfig.DEFAULT_PERCENTILES)),
            storage));
  }

  private static DogStatsdConfig loopback(int receiveBuffer) {
    return new DogStatsdConfig(
        "127.0.0.1", 0, receiveBuffer, 1_000, DogStatsdConfig.Distributions.HISTOGRAM);
  }

  private static InetSocketAddress address(ActorRef<DogStatsdServer.Command> server) {
    TestProbe<DogStatsdServer.ListenAddress> probe = testKit.createTestProbe();
    server.tell(new DogStatsdServer.GetListenAddress(probe.getRef()));
    return probe.receiveMessage().address().orElseThrow();
  }

  private static void send(InetSocketAddress to, String datagram) throws IOException {
    byte[] bytes = datagram.getBytes(StandardCharsets.UTF_8);
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.send(new DatagramPacket(bytes, bytes.length, to));
    }
  }

  private void awaitTotals(long packets) {
    testKit
        .createTestProbe()
        .awaitAssert(
            WAIT,
            () -> {
              assertThat(buckets.totals().packets()).isEqualTo(packets);
              return null;
            });
  }

  private DogStatsdServer.Flushed flush(ActorRef<DogStatsdServer.Command> server) {
    TestProbe<DogStatsdServer.Flushed> probe = testKit.createTestProbe();
    server.tell(new DogStatsdServer.Flush(probe.getRef()));
    return probe.receiveMessage(WAIT);
  }

  @Test
  void aggregatesDatagramsAndWritesThemOnFlush() throws IOException {
    ActorRef<DogStatsdServer.Command> server = server(loopback(0));
    InetSocketAddress address = address(server);
    send(address, "page.views:1|c|#env:test\npage.views:2|c|@0.5|#env:test\ntemp:21.5|g\n");
    send(address, "bad line\nusers:alice|s\nusers:bob|s\n_sc|check|0\n");
    awaitTotals(2);

    assertThat(flush(server)).isEqualTo(new DogStatsdServer.Flushed(3, true));
    assertThat(WrappedStore.wrappedMetrics(engine))
        .extracting(
            WrappedMetric::metric,
            WrappedMetric::type,
            WrappedMetric::tags,
            WrappedMetric::timestamp,
            WrappedMetric::value)
        .containsExactlyInAnyOrder(
            tuple("page.views", "rate", List.of("env:test"), (double) T0, 0.5),
            tuple("temp", "gauge", List.of(), (double) T0, 21.5),
            tuple("users", "gauge", List.of(), (double) T0, 2.0));
    assertThat(buckets.totals().parseErrors()).isEqualTo(1);
    assertThat(buckets.totals().serviceChecks()).isEqualTo(1);
  }

  @Test
  void theFlushStoresOpenSketchesToo() throws IOException {
    DogStatsdBuckets sketching = new DogStatsdBuckets(Duration.ofSeconds(10), 1_000, false, clock);
    ActorRef<DogStatsdServer.Command> server =
        testKit.spawn(
            DogStatsdServer.create(
                new DogStatsdConfig("127.0.0.1", 0, 0, 1_000, DogStatsdConfig.Distributions.SKETCH),
                true,
                sketching,
                new DogStatsdWrapper(
                    new AggregatorConfig(
                        Duration.ofSeconds(10),
                        Duration.ofHours(4),
                        "dogstatsd",
                        AggregatorConfig.DEFAULT_AGGREGATES,
                        AggregatorConfig.DEFAULT_PERCENTILES)),
                storage));
    send(address(server), "latency:1:2:3|d|#env:test\nlatency:4|d|@0.5|#env:test\nhits:1|c");
    testKit
        .createTestProbe()
        .awaitAssert(
            WAIT,
            () -> {
              assertThat(sketching.totals().samples()).isEqualTo(5);
              return null;
            });

    assertThat(flush(server)).isEqualTo(new DogStatsdServer.Flushed(1, true));

    SketchBuilder expected = new SketchBuilder();
    expected.insert(1);
    expected.insert(2);
    expected.insert(3);
    expected.insert(4, 0.5);
    assertThat(WrappedStore.wrappedSketches(engine))
        .containsExactly(
            new WrappedSketch("latency", "", List.of("env:test"), T0, expected.close()));
    assertThat(WrappedStore.wrappedMetrics(engine))
        .extracting(WrappedMetric::metric)
        .containsExactly("hits");
  }

  @Test
  void aFlushStopsListeningAndReleasesThePort() throws IOException {
    ActorRef<DogStatsdServer.Command> server = server(loopback(0));
    InetSocketAddress address = address(server);
    assertThat(flush(server)).isEqualTo(new DogStatsdServer.Flushed(0, true));
    TestProbe<DogStatsdServer.ListenAddress> probe = testKit.createTestProbe();
    server.tell(new DogStatsdServer.GetListenAddress(probe.getRef()));
    assertThat(probe.receiveMessage().address()).isEmpty();
    try (DatagramSocket rebound = new DatagramSocket(address)) {
      assertThat(rebound.getLocalPort()).isEqualTo(address.getPort());
    }
  }

  @Test
  void readsDatagramsUpToTheLargestUdpPayloadWithoutCuttingThem() throws IOException {
    ActorRef<DogStatsdServer.Command> server = server(loopback(1 << 20));
    StringBuilder datagram = new StringBuilder();
    int lines = 0;
    while (datagram.length() < 65_000) {
      datagram.append("big.metric:1|c|#line:").append(lines++ % 10).append('\n');
    }
    send(address(server), datagram.toString());
    awaitTotals(1);
    assertThat(buckets.totals().metricLines()).isEqualTo(lines);
    assertThat(buckets.totals().parseErrors()).isZero();
  }

  @Test
  void setsTheReceiveBufferItIsAskedFor() throws Exception {
    int requested = 1 << 20;
    int unset;
    try (DatagramChannel plain = DatagramChannel.open()) {
      unset = plain.getOption(StandardSocketOptions.SO_RCVBUF);
    }
    try (DogStatsdReceiver receiver =
        DogStatsdReceiver.start(loopback(requested), buckets, 0).get(5, TimeUnit.SECONDS)) {
      Path rmemMax = Path.of("/proc/sys/net/core/rmem_max");
      if (Files.isReadable(rmemMax)) {
        // Linux caps the request at net.core.rmem_max (208 KiB on a stock kernel). The kernel
        // reports double what was set; the JDK halves that back, so the cap itself is read.
        long allowed = Long.parseLong(Files.readAllLines(rmemMax).get(0).trim());
        assertThat((long) receiver.receiveBufferBytes()).isEqualTo(Math.min(requested, allowed));
      } else {
        assertThat(receiver.receiveBufferBytes()).isGreaterThanOrEqualTo(requested);
      }
      assertThat(receiver.receiveBufferBytes()).isNotEqualTo(unset);
    }
  }

  @Test
  void isIdleWhenDisabled() {
    ActorRef<DogStatsdServer.Command> server =
        testKit.spawn(
            DogStatsdServer.create(
                new DogStatsdConfig(
                    "127.0.0.1", 0, 0, 1_000, DogStatsdConfig.Distributions.HISTOGRAM),
                buckets,
                null,
                storage));
    TestProbe<DogStatsdServer.ListenAddress> probe = testKit.createTestProbe();
    server.tell(new DogStatsdServer.GetListenAddress(probe.getRef()));
    assertThat(probe.receiveMessage().address()).isEmpty();
    assertThat(flush(server)).isEqualTo(new DogStatsdServer.Flushed(0, true));
  }

  @Test
  void failsToStartWhenThePortIsTaken() throws IOException {
    try (DatagramSocket taken = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      ActorRef<DogStatsdServer.Command> server =
          server(
              new DogStatsdConfig(
                  "127.0.0.1",
                  taken.getLocalPort(),
                  0,
                  1_000,
                  DogStatsdConfig.Distributions.HISTOGRAM));
      TestProbe<Object> probe = testKit.createTestProbe();
      probe.expectTerminated(server, WAIT);
    }
  }
}
