package io.chouette.storage.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.aggregate.ClosedBucketSource;
import io.chouette.core.aggregate.DatadogWrapper;
import io.chouette.core.aggregate.MetricsAggregator;
import io.chouette.core.config.AggregatorConfig;
import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.metric.WrappedMetricCodec;
import io.chouette.core.storage.StorageActor;
import io.chouette.redis.testing.RedisServerExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The drop-in promise: raw metrics that chouette-iot-client wrote into Redis come out of the real
 * MetricsAggregator, running on the Redis engine, aggregated into {@code chouette:metrics:wrapped},
 * and the raw queue is emptied.
 */
class RedisAggregationIT {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.ephemeral();

  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static final Instant NOW = Instant.parse("2024-03-01T12:00:25Z");

  /** The bucket [12:00:00, 12:00:10): closed at NOW. */
  private static final double T0 = Instant.parse("2024-03-01T12:00:00Z").getEpochSecond();

  private static final AggregatorConfig CONFIG =
      new AggregatorConfig(
          Duration.ofSeconds(10),
          Duration.ofHours(4),
          "datadog",
          AggregatorConfig.DEFAULT_AGGREGATES,
          AggregatorConfig.DEFAULT_PERCENTILES);

  /** ChouetteClient.count/gauge/set -> RedisStorage.store_metric: json.dumps, ZADD + HSET. */
  private static void clientStoreMetric(Jedis jedis, String json, double timestamp) {
    String key = UUID.randomUUID().toString();
    Pipeline pipeline = jedis.pipelined();
    pipeline.zadd("chouette:metrics:raw.keys", Map.of(key, timestamp));
    pipeline.hset("chouette:metrics:raw.values", key, json);
    pipeline.sync();
  }

  private static String raw(
      String metric, String type, String value, double timestamp, String tags) {
    return "{\"metric\": \""
        + metric
        + "\", \"type\": \""
        + type
        + "\", \"value\": "
        + value
        + ", \"timestamp\": "
        + timestamp
        + ", \"tags\": "
        + tags
        + "}";
  }

  @Test
  void rawMetricsFromTheClientComeOutAggregated() {
    try (Jedis jedis = redis.connect()) {
      clientStoreMetric(
          jedis, raw("app.requests", "count", "1", T0 + 1.5, "{\"route\": \"/a\"}"), T0 + 1.5);
      clientStoreMetric(
          jedis, raw("app.requests", "count", "2", T0 + 2.25, "{\"route\": \"/a\"}"), T0 + 2.25);
      clientStoreMetric(
          jedis, raw("app.requests", "count", "4", T0 + 9.0, "{\"route\": \"/a\"}"), T0 + 9.0);
      clientStoreMetric(
          jedis, raw("app.requests", "count", "7", T0 + 3.0, "{\"route\": \"/b\"}"), T0 + 3.0);
      clientStoreMetric(jedis, raw("app.temp", "gauge", "20.5", T0 + 1.0, "{}"), T0 + 1.0);
      clientStoreMetric(jedis, raw("app.temp", "gauge", "22", T0 + 6.0, "{}"), T0 + 6.0);
      clientStoreMetric(jedis, raw("app.users", "set", "[\"a\", \"b\"]", T0 + 4.0, "{}"), T0 + 4.0);
      clientStoreMetric(jedis, raw("app.users", "set", "[\"b\", \"c\"]", T0 + 5.0, "{}"), T0 + 5.0);
      // Still open at NOW: stays raw for a later tick.
      clientStoreMetric(
          jedis, raw("app.requests", "count", "100", T0 + 21.0, "{\"route\": \"/a\"}"), T0 + 21.0);
    }

    RedisStorageEngine engine =
        new RedisStorageEngine(redis.config(), Clock.fixed(NOW, ZoneOffset.UTC));
    try {
      ActorRef<StorageActor.Command> storage = testKit.spawn(StorageActor.create(engine));
      ActorRef<MetricsAggregator.Command> aggregator =
          testKit.spawn(
              MetricsAggregator.create(
                  CONFIG,
                  new DatadogWrapper(CONFIG),
                  storage,
                  ClosedBucketSource.NONE,
                  Clock.fixed(NOW, ZoneOffset.UTC),
                  false));

      TestProbe<MetricsAggregator.Aggregated> aggregated = testKit.createTestProbe();
      aggregator.tell(new MetricsAggregator.AggregateNow(aggregated.getRef()));
      assertThat(aggregated.receiveMessage(Duration.ofSeconds(10)).failure()).isEmpty();
    } finally {
      engine.close();
    }

    try (Jedis jedis = redis.connect()) {
      List<WrappedMetric> wrapped =
          jedis.hvals("chouette:metrics:wrapped.values").stream()
              .map(json -> WrappedMetricCodec.parse(json).orElseThrow())
              .sorted(
                  Comparator.comparing(WrappedMetric::metric)
                      .thenComparing(m -> m.tags().toString()))
              .toList();
      assertThat(wrapped)
          .containsExactly(
              new WrappedMetric("app.requests", "count", List.of("route:/a"), T0 + 1.5, 7, 10),
              new WrappedMetric("app.requests", "count", List.of("route:/b"), T0 + 3.0, 7, 10),
              new WrappedMetric("app.temp", "gauge", List.of(), T0 + 1.0, 22, null),
              new WrappedMetric("app.users", "count", List.of(), T0 + 4.0, 3, 10));
      // Each wrapped record is scored by its point's timestamp.
      assertThat(jedis.zrangeWithScores("chouette:metrics:wrapped.keys", 0, -1))
          .extracting(t -> t.getScore())
          .containsExactlyInAnyOrder(T0 + 1.0, T0 + 1.5, T0 + 3.0, T0 + 4.0);
      assertThat(jedis.hvals("chouette:metrics:raw.values"))
          .containsExactly(raw("app.requests", "count", "100", T0 + 21.0, "{\"route\": \"/a\"}"));
      assertThat(jedis.zcard("chouette:metrics:raw.keys")).isEqualTo(1);
    }
  }
}
