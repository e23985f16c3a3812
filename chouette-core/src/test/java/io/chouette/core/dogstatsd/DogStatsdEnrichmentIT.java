package io.chouette.core.dogstatsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.timgroup.statsd.Event;
import com.timgroup.statsd.NonBlockingStatsDClientBuilder;
import com.timgroup.statsd.ServiceCheck;
import com.timgroup.statsd.StatsDClient;
import io.chouette.core.aggregate.MetricsAggregator;
import io.chouette.core.config.AggregatorConfig;
import io.chouette.core.config.DogStatsdConfig;
import io.chouette.core.config.DogStatsdEnrichmentConfig;
import io.chouette.core.dogstatsd.mapper.MappingProfiles;
import io.chouette.core.event.EventCodec;
import io.chouette.core.event.ServiceCheckCodec;
import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.sketch.WrappedSketch;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import io.chouette.core.storage.StoredKey;
import io.chouette.core.storage.StoredRecord;
import io.chouette.core.storage.memory.MemoryStorageEngine;
import io.chouette.core.testing.MutableClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The real Datadog Java client over UDP against a server with every enrichment option on: the
 * stored wrapped series and sketches carry the mapped names and tags, the namespace (not on
 * blocklisted names) and {@code DOGSTATSD_TAGS}; the stored events and service checks carry {@code
 * DOGSTATSD_TAGS}.
 */
class DogStatsdEnrichmentIT {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final long T0 = 1_600_000_000L;
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final AggregatorConfig AGGREGATOR =
      new AggregatorConfig(
          Duration.ofSeconds(10),
          Duration.ofHours(4),
          "dogstatsd",
          List.of("max", "count"),
          List.of());
  private static final DogStatsdEnrichmentConfig ENRICHMENT =
      new DogStatsdEnrichmentConfig(
          List.of("region:eu"),
          "edge.",
          DogStatsdEnrichmentConfig.DEFAULT_NAMESPACE_BLOCKLIST,
          MappingProfiles.parse(
              """
              [{"name": "jobs", "prefix": "app.job.", "mappings": [
                 {"match": "app.job.*.*", "name": "app.job.$1",
                  "tags": {"job": "$2"}}]},
               {"name": "kafka", "prefix": "app.kafka.", "mappings": [
                 {"match": "app\\\\.kafka\\\\.(?P<group>\\\\w+)\\\\.lag", "match_type": "regex",
                  "name": "kafka.consumer_lag", "tags": {"consumer_group": "${group}"}}]}]
              """),
          1_000);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void whatTheClientSendsIsStoredEnriched() throws Exception {
    MutableClock clock = MutableClock.atSeconds(T0 + 5);
    MemoryStorageEngine engine = new MemoryStorageEngine(clock);
    DogStatsdBuckets buckets =
        new DogStatsdBuckets(
            Duration.ofSeconds(10),
            1_000,
            false,
            clock,
            DogStatsdConfig.Distributions.SKETCH,
            ENRICHMENT);
    ActorRef<StorageActor.Command> storage = testKit.spawn(StorageActor.create(engine));
    DogStatsdWrapper wrapper = new DogStatsdWrapper(AGGREGATOR);
    ActorRef<DogStatsdServer.Command> server =
        testKit.spawn(
            DogStatsdServer.create(
                new DogStatsdConfig("127.0.0.1", 0, 0, 1_000, DogStatsdConfig.Distributions.SKETCH),
                true,
                buckets,
                wrapper,
                storage));
    TestProbe<DogStatsdServer.ListenAddress> addressProbe = testKit.createTestProbe();
    server.tell(new DogStatsdServer.GetListenAddress(addressProbe.getRef()));
    InetSocketAddress address = addressProbe.receiveMessage().address().orElseThrow();

    List<Exception> clientErrors = new CopyOnWriteArrayList<>();
    StatsDClient client =
        new NonBlockingStatsDClientBuilder()
            .hostname("127.0.0.1")
            .port(address.getPort())
            .prefix("app")
            .constantTags("env:test")
            .enableTelemetry(false)
            .enableAggregation(false)
            .blocking(true)
            .originDetectionEnabled(false)
            .errorHandler(clientErrors::add)
            .build();
    try {
      client.count("job.runs.nightly", 2);
      client.count("job.runs.nightly", 3, "trigger:cron");
      client.count("job.runs", 4, "job:nightly"); // the mapped context, sent directly
      client.gauge("kafka.billing.lag", 42);
      client.histogram("job.seconds.backup", 7);
      client.histogram("job.seconds.backup", 9);
      client.distribution("job.bytes.backup", 1_000);
      client.distribution("job.bytes.backup", 3_000);
      client.recordSetValue("users", "alice");
      client.gauge("jvm.heap", 5); // a blocklisted prefix: no namespace
      client.recordEvent(Event.builder().withTitle("deploy").withText("v2").build(), "app:web");
      client.recordServiceCheckRun(
          ServiceCheck.builder().withName("app.job.db").withStatus(ServiceCheck.Status.OK).build());
    } finally {
      client.stop();
    }
    assertThat(clientErrors).isEmpty();

    testKit
        .createTestProbe()
        .awaitAssert(
            WAIT,
            () -> {
              assertThat(engine.queueSize(Queue.WRAPPED_EVENTS)).isEqualTo(1);
              assertThat(engine.queueSize(Queue.WRAPPED_SERVICE_CHECKS)).isEqualTo(1);
              return null;
            });
    assertThat(buckets.totals().parseErrors()).isZero();
    assertThat(buckets.totals().metricLines()).isEqualTo(10);

    clock.setSeconds(T0 + 10);
    ActorRef<MetricsAggregator.Command> aggregator =
        testKit.spawn(
            MetricsAggregator.create(
                AGGREGATOR,
                wrapper,
                storage,
                buckets,
                clock,
                false,
                DogStatsdConfig.Distributions.SKETCH));
    TestProbe<MetricsAggregator.Aggregated> aggregated = testKit.createTestProbe();
    aggregator.tell(new MetricsAggregator.AggregateNow(aggregated.getRef()));
    assertThat(aggregated.receiveMessage(WAIT).failure()).isEmpty();

    List<String> job = List.of("env:test", "job:nightly", "region:eu");
    assertThat(WrappedStore.wrappedMetrics(engine))
        .extracting(
            WrappedMetric::metric, WrappedMetric::type, WrappedMetric::tags, WrappedMetric::value)
        .containsExactlyInAnyOrder(
            tuple("edge.app.job.runs", "rate", job, (2 + 4) / 10.0),
            tuple(
                "edge.app.job.runs",
                "rate",
                List.of("env:test", "job:nightly", "region:eu", "trigger:cron"),
                0.3),
            tuple(
                "kafka.consumer_lag",
                "gauge",
                List.of("consumer_group:billing", "env:test", "region:eu"),
                42.0),
            tuple(
                "edge.app.job.seconds.max",
                "gauge",
                List.of("env:test", "job:backup", "region:eu"),
                9.0),
            tuple(
                "edge.app.job.seconds.count",
                "rate",
                List.of("env:test", "job:backup", "region:eu"),
                0.2),
            tuple("edge.app.users", "gauge", List.of("env:test", "region:eu"), 1.0),
            tuple("edge.app.jvm.heap", "gauge", List.of("env:test", "region:eu"), 5.0));
    assertThat(WrappedStore.wrappedSketches(engine))
        .extracting(WrappedSketch::metric, WrappedSketch::tags)
        .containsExactly(
            tuple("edge.app.job.bytes", List.of("env:test", "job:backup", "region:eu")));

    assertThat(storedJson(engine, Queue.WRAPPED_EVENTS))
        .extracting(json -> EventCodec.parse(json).orElseThrow().tags())
        .containsExactly(List.of("env:test", "app:web", "region:eu")); // appended, as the Agent
    assertThat(storedJson(engine, Queue.WRAPPED_SERVICE_CHECKS))
        .extracting(json -> ServiceCheckCodec.parse(json).orElseThrow())
        .extracting(check -> check.name(), check -> check.tags())
        .containsExactly(tuple("app.job.db", List.of("env:test", "region:eu")));
  }

  private static List<String> storedJson(MemoryStorageEngine engine, Queue queue) {
    List<String> keys = engine.collectKeys(queue, 0).stream().map(StoredKey::key).toList();
    return engine.collectValues(queue, keys).stream().map(StoredRecord::json).toList();
  }
}
