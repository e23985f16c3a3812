package io.chouette.core.dogstatsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.timgroup.statsd.NonBlockingStatsDClient;
import com.timgroup.statsd.NonBlockingStatsDClientBuilder;
import com.timgroup.statsd.StatsDClient;
import io.chouette.core.aggregate.DatadogWrapper;
import io.chouette.core.aggregate.MetricsAggregator;
import io.chouette.core.aggregate.MetricsWrapper;
import io.chouette.core.config.AggregatorConfig;
import io.chouette.core.config.DogStatsdConfig;
import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import io.chouette.core.storage.memory.MemoryStorageEngine;
import io.chouette.core.testing.MutableClock;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real Datadog Java client ({@code java-dogstatsd-client}) against the server: what an
 * application sends ends up, through the MetricsAggregator's tick and the configured wrapper, as
 * the expected wrapped series in the store, distributions included as histograms ({@code
 * DOGSTATSD_DISTRIBUTIONS=histogram}; sketches: DistributionsEndToEndIT). The client's random
 * sampling is switched off (every sampled call is sent, with its {@code @rate}), so that the
 * server's handling of rates can be asserted exactly.
 */
class DogStatsdClientIT {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final long T0 = 1_600_000_000L;
  private static final Duration WAIT = Duration.ofSeconds(10);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** The real client, except that {@code sampleRate} never makes it drop a call. */
  private static final class UnsampledClientBuilder extends NonBlockingStatsDClientBuilder {
    @Override
    public NonBlockingStatsDClient build() {
      return new NonBlockingStatsDClient(resolve()) {
        @Override
        protected boolean isInvalidSample(double sampleRate) {
          return false;
        }
      };
    }
  }

  private static final AggregatorConfig AGGREGATOR =
      new AggregatorConfig(
          Duration.ofSeconds(10),
          Duration.ofHours(4),
          "dogstatsd",
          AggregatorConfig.DEFAULT_AGGREGATES,
          AggregatorConfig.DEFAULT_PERCENTILES);

  /** Sends the same application traffic through a client and returns what got stored. */
  private static List<WrappedMetric> roundTrip(MetricsWrapper wrapper, boolean clientAggregation)
      throws Exception {
    MemoryStorageEngine engine = new MemoryStorageEngine();
    MutableClock clock = MutableClock.atSeconds(T0 + 5);
    DogStatsdBuckets buckets =
        new DogStatsdBuckets(
            Duration.ofSeconds(10), 1_000, false, clock, DogStatsdConfig.Distributions.HISTOGRAM);
    ActorRef<StorageActor.Command> storage = testKit.spawn(StorageActor.create(engine));
    ActorRef<DogStatsdServer.Command> server =
        testKit.spawn(
            DogStatsdServer.create(
                new DogStatsdConfig(
                    "127.0.0.1", 0, 0, 1_000, DogStatsdConfig.Distributions.HISTOGRAM),
                true,
                buckets,
                wrapper,
                storage));
    TestProbe<DogStatsdServer.ListenAddress> addressProbe = testKit.createTestProbe();
    server.tell(new DogStatsdServer.GetListenAddress(addressProbe.getRef()));
    InetSocketAddress address = addressProbe.receiveMessage().address().orElseThrow();

    List<Exception> clientErrors = new CopyOnWriteArrayList<>();
    StatsDClient client =
        new UnsampledClientBuilder()
            .hostname("127.0.0.1")
            .port(address.getPort())
            .prefix("app")
            .constantTags("env:test")
            .enableTelemetry(false)
            .blocking(true) // stop() then drains the queue instead of dropping it
            .enableAggregation(clientAggregation)
            .originDetectionEnabled(false)
            .errorHandler(clientErrors::add)
            .build();
    try {
      client.incrementCounter("requests", "route:a");
      client.incrementCounter("requests", "route:a");
      client.incrementCounter("requests", "route:a");
      client.count("requests", 5, "route:a");
      client.decrementCounter("requests", "route:a");
      for (int i = 0; i < 4; i++) {
        client.count("sampled", 1, 0.5);
      }
      client.gauge("temperature", 21.5);
      client.gauge("temperature", 22.25);
      for (int i = 1; i <= 10; i++) {
        client.histogram("payload", i, "kind:json");
      }
      client.histogram("sampled.payload", 4, 0.5);
      client.histogram("sampled.payload", 4, 0.5);
      client.recordExecutionTime("db.query", 100);
      client.recordExecutionTime("db.query", 200);
      client.recordSetValue("users", "alice");
      client.recordSetValue("users", "bob");
      client.recordSetValue("users", "alice");
      client.distribution("size", 1);
      client.distribution("size", 2);
      client.distribution("size", 3);
    } finally {
      client.stop(); // in blocking mode: sends everything queued, aggregated values included
    }
    assertThat(clientErrors).isEmpty();

    // Loopback delivers datagrams in order: once this event is read, everything before it was.
    byte[] sentinel = "_e{4,3}:done|end".getBytes(StandardCharsets.UTF_8);
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.send(new DatagramPacket(sentinel, sentinel.length, address));
    }
    testKit
        .createTestProbe()
        .awaitAssert(
            WAIT,
            () -> {
              assertThat(buckets.totals().events()).isEqualTo(1);
              return null;
            });
    assertThat(buckets.totals().parseErrors()).isZero();

    // The bucket closes; the aggregator's next tick wraps it and stores the series.
    clock.setSeconds(T0 + 10);
    ActorRef<MetricsAggregator.Command> aggregator =
        testKit.spawn(
            MetricsAggregator.create(AGGREGATOR, wrapper, storage, buckets, clock, false));
    TestProbe<MetricsAggregator.Aggregated> aggregated = testKit.createTestProbe();
    aggregator.tell(new MetricsAggregator.AggregateNow(aggregated.getRef()));
    assertThat(aggregated.receiveMessage(WAIT).failure()).isEmpty();
    // DOGSTATSD_DISTRIBUTIONS=histogram: the distribution is in the series, no sketch is stored
    assertThat(engine.queueSize(Queue.WRAPPED_SKETCHES)).isZero();
    return WrappedStore.wrappedMetrics(engine);
  }

  @ParameterizedTest(name = "client-side aggregation {0}")
  @ValueSource(booleans = {false, true})
  void dogstatsdWrapperGivesTheAgentsSeries(boolean clientAggregation) throws Exception {
    List<WrappedMetric> stored = roundTrip(new DogStatsdWrapper(AGGREGATOR), clientAggregation);

    List<String> env = List.of("env:test");
    // With client-side aggregation the client sums counts itself and drops their rate (JDC).
    double sampled = clientAggregation ? 4 / 10.0 : 8 / 10.0;
    assertThat(stored)
        .extracting(
            WrappedMetric::metric,
            WrappedMetric::type,
            WrappedMetric::tags,
            WrappedMetric::value,
            WrappedMetric::interval)
        .containsExactlyInAnyOrder(
            series("app.requests", "rate", List.of("env:test", "route:a"), 0.7, 10),
            series("app.sampled", "rate", env, sampled, 10),
            series("app.temperature", "gauge", env, 22.25, null),
            series("app.users", "gauge", env, 2.0, null),
            series("app.payload.max", "gauge", List.of("env:test", "kind:json"), 10.0, null),
            series("app.payload.median", "gauge", List.of("env:test", "kind:json"), 5.0, null),
            series("app.payload.avg", "gauge", List.of("env:test", "kind:json"), 5.5, null),
            series("app.payload.count", "rate", List.of("env:test", "kind:json"), 1.0, 10),
            series(
                "app.payload.95percentile", "gauge", List.of("env:test", "kind:json"), 10.0, null),
            series("app.sampled.payload.max", "gauge", env, 4.0, null),
            series("app.sampled.payload.median", "gauge", env, 4.0, null),
            series("app.sampled.payload.avg", "gauge", env, 4.0, null),
            series("app.sampled.payload.count", "rate", env, 0.4, 10),
            series("app.sampled.payload.95percentile", "gauge", env, 4.0, null),
            series("app.db.query.max", "gauge", env, 200.0, null),
            series("app.db.query.median", "gauge", env, 100.0, null),
            series("app.db.query.avg", "gauge", env, 150.0, null),
            series("app.db.query.count", "rate", env, 0.2, 10),
            series("app.db.query.95percentile", "gauge", env, 200.0, null),
            series("app.size.max", "gauge", env, 3.0, null),
            series("app.size.median", "gauge", env, 2.0, null),
            series("app.size.avg", "gauge", env, 2.0, null),
            series("app.size.count", "rate", env, 0.3, 10),
            series("app.size.95percentile", "gauge", env, 3.0, null));
    assertThat(stored).allMatch(metric -> metric.timestamp() == T0);
  }

  @ParameterizedTest(name = "client-side aggregation {0}")
  @ValueSource(booleans = {false, true})
  void datadogWrapperGivesChouettesSeries(boolean clientAggregation) throws Exception {
    List<WrappedMetric> stored = roundTrip(new DatadogWrapper(AGGREGATOR), clientAggregation);

    List<String> env = List.of("env:test");
    List<String> json = List.of("env:test", "kind:json");
    double sampled = clientAggregation ? 4 : 8;
    assertThat(stored)
        .extracting(
            WrappedMetric::metric,
            WrappedMetric::type,
            WrappedMetric::tags,
            metric -> Math.round(metric.value() * 1e9) / 1e9,
            WrappedMetric::interval)
        .containsExactlyInAnyOrder(
            series("app.requests", "count", List.of("env:test", "route:a"), 7.0, 10),
            series("app.sampled", "count", env, sampled, 10),
            series("app.temperature", "gauge", env, 22.25, null),
            series("app.users", "count", env, 2.0, 10),
            // 1..10: percentiles interpolate between closest ranks
            series("app.payload.avg", "gauge", json, 5.5, null),
            series("app.payload.count", "rate", json, 1.0, 10),
            series("app.payload.max", "gauge", json, 10.0, null),
            series("app.payload.median", "gauge", json, 5.5, null),
            series("app.payload.95percentile", "gauge", json, 9.55, null),
            // two samples of 4 sent with @0.5 stand for four
            series("app.sampled.payload.avg", "gauge", env, 4.0, null),
            series("app.sampled.payload.count", "rate", env, 0.4, 10),
            series("app.sampled.payload.max", "gauge", env, 4.0, null),
            series("app.sampled.payload.median", "gauge", env, 4.0, null),
            series("app.sampled.payload.95percentile", "gauge", env, 4.0, null),
            series("app.db.query.avg", "gauge", env, 150.0, null),
            series("app.db.query.count", "rate", env, 0.2, 10),
            series("app.db.query.max", "gauge", env, 200.0, null),
            series("app.db.query.median", "gauge", env, 150.0, null),
            series("app.db.query.95percentile", "gauge", env, 195.0, null),
            series("app.size.avg", "gauge", env, 2.0, null),
            series("app.size.count", "rate", env, 0.3, 10),
            series("app.size.max", "gauge", env, 3.0, null),
            series("app.size.median", "gauge", env, 2.0, null),
            series("app.size.95percentile", "gauge", env, 2.9, null));
    assertThat(stored).allMatch(metric -> metric.timestamp() == T0);
  }

  private static Tuple series(
      String metric, String type, List<String> tags, double value, Integer interval) {
    return tuple(metric, type, tags, value, interval);
  }
}
