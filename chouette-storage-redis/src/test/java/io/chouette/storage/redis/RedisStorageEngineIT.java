package io.chouette.storage.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageEngine;
import io.chouette.core.testing.StorageEngineContract;
import io.chouette.redis.testing.RedisServerExtension;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** The storage contract against a real Redis, plus the exact key layout of chouette-iot-client. */
class RedisStorageEngineIT extends StorageEngineContract {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.ephemeral();

  @Override
  protected StorageEngine newEngine(Clock clock) {
    return new RedisStorageEngine(redis.config(), clock);
  }

  @Test
  void recordsLiveInTheSortedSetAndHashOfTheirQueue() {
    String json = rawJson("layout", 1709294400.25);
    List<String> keys =
        engine.storeRecords(Queue.RAW_METRICS, List.of(new NewRecord(1709294400.25, json)));
    String key = keys.get(0);

    try (Jedis jedis = redis.connect()) {
      assertThat(jedis.keys("*"))
          .containsExactlyInAnyOrder("chouette:metrics:raw.keys", "chouette:metrics:raw.values");
      assertThat(jedis.type("chouette:metrics:raw.keys")).isEqualTo("zset");
      assertThat(jedis.type("chouette:metrics:raw.values")).isEqualTo("hash");
      assertThat(jedis.zscore("chouette:metrics:raw.keys", key)).isEqualTo(1709294400.25);
      assertThat(jedis.hget("chouette:metrics:raw.values", key)).isEqualTo(json);
    }
  }

  @Test
  void theHandOverWritesBothQueuesInTheirLayout() {
    List<String> raw =
        engine.storeRecords(
            Queue.RAW_METRICS, List.of(new NewRecord(NOW_SECONDS, rawJson("a", 1))));

    engine.storeAndDelete(
        Queue.WRAPPED_METRICS,
        List.of(new NewRecord(NOW_SECONDS, "{\"w\": 1}")),
        Queue.RAW_METRICS,
        raw);

    try (Jedis jedis = redis.connect()) {
      assertThat(jedis.zcard("chouette:metrics:raw.keys")).isZero();
      assertThat(jedis.hlen("chouette:metrics:raw.values")).isZero();
      assertThat(jedis.zcard("chouette:metrics:wrapped.keys")).isEqualTo(1);
      assertThat(jedis.hvals("chouette:metrics:wrapped.values")).containsExactly("{\"w\": 1}");
    }
  }
}
