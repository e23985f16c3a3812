package io.chouette.storage.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageException;
import io.chouette.core.storage.StoredKey;
import io.chouette.redis.RedisConfig;
import io.chouette.redis.testing.RedisServerExtension;
import java.time.Clock;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * The aggregator's hand-over is one MULTI/EXEC: when the connection dies before EXEC, nothing of it
 * happened (the raw records are all still there, no wrapped record was stored), and a retry then
 * does it exactly once. A plain pipeline would fail this test: its ZADD/HSET would have run.
 */
class RedisTransactionIT {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.ephemeral();

  private static final double TS = 1709294400.0;

  private static List<NewRecord> wrapped(int count) {
    return IntStream.range(0, count)
        .mapToObj(
            i ->
                new NewRecord(
                    TS,
                    "{\"metric\": \"m"
                        + i
                        + "\", \"tags\": [], \"points\": [[1709294400.0, 1.0]], \"type\":"
                        + " \"gauge\"}"))
        .toList();
  }

  @Test
  void aConnectionLostBeforeExecLeavesBothQueuesUntouched() throws Exception {
    List<String> raw;
    try (RedisStorageEngine direct = new RedisStorageEngine(redis.config(), Clock.systemUTC())) {
      raw =
          direct.storeRecords(
              Queue.RAW_METRICS,
              IntStream.range(0, 2500)
                  .mapToObj(i -> new NewRecord(TS, "{\"r\": " + i + "}"))
                  .toList());
    }

    try (CuttingProxy proxy = new CuttingProxy(redis.port());
        RedisStorageEngine engine =
            new RedisStorageEngine(RedisConfig.of("127.0.0.1", proxy.port()), Clock.systemUTC())) {
      // Reads and pipelines pass through the proxy untouched.
      assertThat(engine.queueSize(Queue.RAW_METRICS)).isEqualTo(2500);

      assertThatThrownBy(
              () ->
                  engine.storeAndDelete(
                      Queue.WRAPPED_METRICS, wrapped(1500), Queue.RAW_METRICS, raw))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("storeAndDelete chouette:metrics:wrapped <- chouette:metrics:raw");
      assertThat(proxy.cuts()).isEqualTo(1);
    }

    try (Jedis jedis = redis.connect()) {
      assertThat(jedis.zcard("chouette:metrics:raw.keys")).isEqualTo(2500);
      assertThat(jedis.hlen("chouette:metrics:raw.values")).isEqualTo(2500);
      assertThat(jedis.exists("chouette:metrics:wrapped.keys", "chouette:metrics:wrapped.values"))
          .isZero();
    }

    // The retry (next tick) hands over exactly once.
    try (RedisStorageEngine engine = new RedisStorageEngine(redis.config(), Clock.systemUTC())) {
      engine.storeAndDelete(Queue.WRAPPED_METRICS, wrapped(1500), Queue.RAW_METRICS, raw);
      assertThat(engine.queueSize(Queue.RAW_METRICS)).isZero();
      assertThat(engine.queueSize(Queue.WRAPPED_METRICS)).isEqualTo(1500);
      assertThat(engine.collectKeys(Queue.WRAPPED_METRICS, 0))
          .extracting(StoredKey::timestamp)
          .containsOnly(TS);
    }
  }

  @Test
  void otherClientsNeverSeeHalfAHandOver() throws Exception {
    // MULTI/EXEC runs without interleaving: a concurrent reader that counts both queues in one
    // transaction of its own always sees raw + wrapped records = the batch size.
    int batch = 200;
    try (RedisStorageEngine engine = new RedisStorageEngine(redis.config(), Clock.systemUTC());
        Jedis reader = redis.connect()) {
      for (int round = 0; round < 20; round++) {
        List<String> raw = engine.storeRecords(Queue.RAW_METRICS, wrapped(batch));
        Thread writer =
            new Thread(
                () ->
                    engine.storeAndDelete(
                        Queue.WRAPPED_METRICS, wrapped(batch), Queue.RAW_METRICS, raw));
        writer.start();
        while (writer.isAlive()) {
          var tx = reader.multi();
          var rawCount = tx.hlen("chouette:metrics:raw.values");
          var wrappedCount = tx.hlen("chouette:metrics:wrapped.values");
          tx.exec();
          assertThat(rawCount.get() + wrappedCount.get()).isEqualTo(batch);
        }
        writer.join();
        assertThat(engine.queueSize(Queue.RAW_METRICS)).isZero();
        engine.deleteRecords(
            Queue.WRAPPED_METRICS,
            engine.collectKeys(Queue.WRAPPED_METRICS, 0).stream().map(StoredKey::key).toList());
      }
    }
  }

  @Test
  void aCommandRejectedInsideTheTransactionIsReported() {
    try (Jedis jedis = redis.connect()) {
      jedis.set("chouette:metrics:wrapped.keys", "not a sorted set");
    }
    try (RedisStorageEngine engine = new RedisStorageEngine(redis.config(), Clock.systemUTC())) {
      assertThatThrownBy(
              () ->
                  engine.storeAndDelete(
                      Queue.WRAPPED_METRICS, wrapped(1), Queue.RAW_METRICS, List.of("k")))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("WRONGTYPE");
    }
  }
}
