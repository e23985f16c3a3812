package io.chouette.storage.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageEngine;
import io.chouette.core.testing.StorageBoundContract;
import io.chouette.redis.testing.RedisServerExtension;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** The bound contract against a real Redis, plus what the Lua script leaves in its layout. */
class RedisStorageBoundIT extends StorageBoundContract {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.ephemeral();

  private static final int MAX_RECORDS = 100;

  @Override
  protected StorageEngine newBoundedEngine(Clock clock) {
    return new RedisStorageEngine(redis.config(), clock, MAX_RECORDS);
  }

  @Override
  protected int recordsOverBound() {
    return 257;
  }

  @Override
  protected OptionalLong maxRecords() {
    return OptionalLong.of(MAX_RECORDS);
  }

  @Test
  void anExcessOfSeveralScriptCallsIsDroppedExactlyFromBothHalvesOfTheLayout() {
    List<NewRecord> records = new ArrayList<>();
    for (int i = 0; i < OldestRecordsScript.PER_CALL * 2 + 500; i++) {
      records.add(new NewRecord(1000 + i, json(i)));
    }
    engine.storeRecords(Queue.WRAPPED_METRICS, records);

    Map<Queue, Long> dropped = engine.enforceBound();

    long expected = records.size() - MAX_RECORDS;
    assertThat(dropped).containsExactly(Map.entry(Queue.WRAPPED_METRICS, expected));
    try (Jedis jedis = redis.connect()) {
      assertThat(jedis.zcard(Queue.WRAPPED_METRICS.keysName())).isEqualTo(MAX_RECORDS);
      assertThat(jedis.hlen(Queue.WRAPPED_METRICS.valuesName())).isEqualTo(MAX_RECORDS);
      assertThat(jedis.zrangeWithScores(Queue.WRAPPED_METRICS.keysName(), 0, 0).get(0).getScore())
          .isEqualTo(1000.0 + expected);
    }
  }
}
