package io.chouette.storage.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageException;
import io.chouette.core.testing.LogCapture;
import io.chouette.redis.testing.RedisServerExtension;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** A command Redis refuses is reported as refused, with what to do, not as Redis unreachable. */
class RedisRefusalIT {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.ephemeral();

  @AfterEach
  void liftTheLimit() {
    try (Jedis jedis = redis.connect()) {
      jedis.configSet("maxmemory", "0");
    }
  }

  @Test
  void aWriteRefusedAtMaxmemoryNamesTheCauseAndTheRemedyAndRedisStaysReachable() {
    try (RedisStorageEngine engine = new RedisStorageEngine(redis.config(), Clock.systemUTC());
        LogCapture logs = LogCapture.of(RedisStorageEngine.class)) {
      engine.storeRecords(Queue.WRAPPED_LOGS, List.of(new NewRecord(1, "{\"kept\": 1}")));
      try (Jedis jedis = redis.connect()) {
        jedis.configSet("maxmemory-policy", "noeviction");
        jedis.configSet("maxmemory", "1");
      }

      assertThatThrownBy(
              () -> engine.storeRecords(Queue.WRAPPED_LOGS, List.of(new NewRecord(2, "{}"))))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(
              "storeRecords chouette:logs:wrapped refused: OOM command not allowed")
          .hasMessageContaining("raise maxmemory or lower STORAGE_MAX_RECORDS");

      assertThat(engine.isReachable()).isTrue();
      assertThat(logs.warnings()).noneMatch(line -> line.contains("not reachable"));
      assertThat(engine.queueSize(Queue.WRAPPED_LOGS)).isEqualTo(1);
    }
  }
}
