package io.chouette.storage.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StoredKey;
import io.chouette.core.storage.StoredRecord;
import io.chouette.redis.testing.RedisServerExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Records written exactly as chouette-iot-client writes them (one pipeline per record: ZADD {@code
 * <queue>.keys} {key: timestamp}, HSET {@code <queue>.values} key json; json as Python's {@code
 * json.dumps} prints it) come out of the engine with the same keys, scores and bytes.
 */
class RedisCompatibilityIT {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.ephemeral();

  private static final Instant NOW = Instant.parse("2024-03-01T12:00:10Z");

  private RedisStorageEngine engine;

  @BeforeEach
  void open() {
    engine = new RedisStorageEngine(redis.config(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    engine.close();
  }

  /** What the client's {@code RedisStorage._store} does, in Jedis. */
  private static String clientStore(Jedis jedis, String queue, double timestamp, String json) {
    String key = UUID.randomUUID().toString();
    Pipeline pipeline = jedis.pipelined();
    pipeline.zadd(queue + ".keys", Map.of(key, timestamp));
    pipeline.hset(queue + ".values", key, json);
    pipeline.sync();
    return key;
  }

  @Test
  void rawMetricsWrittenByTheClientAreReadBackExactly() {
    // json.dumps({"metric": ..., "type": ..., "value": ..., "timestamp": time.time(), "tags":
    // {...}})
    String count =
        "{\"metric\": \"my.counter\", \"type\": \"count\", \"value\": 1, \"timestamp\":"
            + " 1709294401.123456, \"tags\": {\"env\": \"prod\", \"site\": \"barn-3\"}}";
    String gauge =
        "{\"metric\": \"temp\", \"type\": \"gauge\", \"value\": 21.5, \"timestamp\": 1709294400.5,"
            + " \"tags\": {}}";
    String set =
        "{\"metric\": \"users\", \"type\": \"set\", \"value\": [\"a\", 1, 1.0], \"timestamp\":"
            + " 1709294402.0, \"tags\": {\"caf\\u00e9\": \"\\u2713\"}}";
    String countKey;
    String gaugeKey;
    String setKey;
    try (Jedis jedis = redis.connect()) {
      countKey = clientStore(jedis, "chouette:metrics:raw", 1709294401.123456, count);
      gaugeKey = clientStore(jedis, "chouette:metrics:raw", 1709294400.5, gauge);
      setKey = clientStore(jedis, "chouette:metrics:raw", 1709294402.0, set);
    }

    List<StoredKey> keys = engine.collectKeys(Queue.RAW_METRICS, 0);

    assertThat(keys)
        .containsExactly(
            new StoredKey(gaugeKey, 1709294400.5),
            new StoredKey(countKey, 1709294401.123456),
            new StoredKey(setKey, 1709294402.0));
    assertThat(engine.collectValues(Queue.RAW_METRICS, keys.stream().map(StoredKey::key).toList()))
        .containsExactly(
            new StoredRecord(gaugeKey, gauge),
            new StoredRecord(countKey, count),
            new StoredRecord(setKey, set));
    assertThat(engine.queueSize(Queue.RAW_METRICS)).isEqualTo(3);

    assertThat(engine.deleteRecords(Queue.RAW_METRICS, List.of(countKey, gaugeKey, setKey)))
        .isEqualTo(3);
    try (Jedis jedis = redis.connect()) {
      assertThat(jedis.exists("chouette:metrics:raw.keys", "chouette:metrics:raw.values")).isZero();
    }
  }

  @Test
  void logsWrittenByTheClientLogHandlerAreReadBackAndExpireByTheirDate() {
    // The handler's record: date = isoformat() in UTC; the score is that date as a unix timestamp.
    String fresh =
        "{\"date\": \"2024-03-01T12:00:05.250000+00:00\", \"ddsource\": \"app\", \"ddtags\":"
            + " [\"k:v\"], \"level\": \"WARNING\", \"message\": {\"msg\": \"disk almost full\"},"
            + " \"service\": \"app\", \"device\": 3}";
    String stale =
        "{\"date\": \"2024-02-28T12:00:00.000000+00:00\", \"ddsource\": \"app\", \"ddtags\": [],"
            + " \"level\": \"INFO\", \"message\": {\"msg\": \"old\"}, \"service\": \"app\"}";
    String freshKey;
    try (Jedis jedis = redis.connect()) {
      freshKey = clientStore(jedis, "chouette:logs:wrapped", 1709294405.25, fresh);
      clientStore(jedis, "chouette:logs:wrapped", 1709121600.0, stale);
    }

    assertThat(engine.cleanupOutdated(Queue.WRAPPED_LOGS, Duration.ofSeconds(64800))).isEqualTo(1);

    assertThat(engine.collectKeys(Queue.WRAPPED_LOGS, 500))
        .containsExactly(new StoredKey(freshKey, 1709294405.25));
    assertThat(engine.collectValues(Queue.WRAPPED_LOGS, List.of(freshKey)))
        .containsExactly(new StoredRecord(freshKey, fresh));
  }

  @Test
  void recordsStoredByChouetteAreReadableTheWayTheOriginalReadsThem() {
    String wrapped =
        "{\"metric\": \"my.counter\", \"tags\": [\"env:prod\"], \"points\": [[1709294400.0, 3.0]],"
            + " \"type\": \"count\", \"interval\": 10}";
    String key =
        engine
            .storeRecords(
                Queue.WRAPPED_METRICS,
                List.of(new io.chouette.core.storage.NewRecord(1709294400.0, wrapped)))
            .get(0);

    try (Jedis jedis = redis.connect()) {
      // The original: ZRANGE keys 0 amount-1 WITHSCORES, then HMGET values keys.
      var tuples = jedis.zrangeWithScores("chouette:metrics:wrapped.keys", 0, 9999);
      assertThat(tuples).hasSize(1);
      assertThat(tuples.get(0).getElement()).isEqualTo(key);
      assertThat(tuples.get(0).getScore()).isEqualTo(1709294400.0);
      assertThat(jedis.hmget("chouette:metrics:wrapped.values", key)).containsExactly(wrapped);
      assertThat(UUID.fromString(key).version()).isEqualTo(4);
    }
  }
}
