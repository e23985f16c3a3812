package io.chouette.storage.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import io.chouette.core.storage.StorageException;
import io.chouette.core.storage.StoredKey;
import io.chouette.core.storage.StoredRecord;
import io.chouette.redis.testing.RedisServerExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * Redis faults made real, without restarting the engine: a Redis at its {@code maxmemory} under
 * {@code noeviction} (it answers {@code OOM command not allowed when used memory > 'maxmemory'} to
 * every write), and a Redis that crashed without persistence and came back empty.
 */
class RedisOutOfMemoryIT {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.ephemeral();

  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @AfterEach
  void liftTheLimit() {
    if (redis.server().running()) {
      try (Jedis jedis = redis.connect()) {
        jedis.configSet("maxmemory", "0");
      }
    }
  }

  private static List<NewRecord> records(String name, int count) {
    double now = System.currentTimeMillis() / 1000.0;
    return IntStream.range(0, count)
        .mapToObj(i -> new NewRecord(now + i, "{\"" + name + "\": " + i + "}"))
        .toList();
  }

  /** Redis refuses every write from now on: its limit is below what it already uses. */
  private static void fillRedisMemory() {
    try (Jedis jedis = redis.connect()) {
      jedis.configSet("maxmemory-policy", "noeviction");
      jedis.configSet("maxmemory", "1");
    }
  }

  private static void raiseRedisMemory() {
    try (Jedis jedis = redis.connect()) {
      jedis.configSet("maxmemory", "0");
    }
  }

  @Test
  void aFullRedisRefusesWritesClearlyKeepsWhatIsStoredAndWorksAgainOnceMemoryIsRaised() {
    try (RedisStorageEngine engine = new RedisStorageEngine(redis.config(), Clock.systemUTC())) {
      List<String> raw = engine.storeRecords(Queue.RAW_METRICS, records("raw", 300));
      List<String> wrapped = engine.storeRecords(Queue.WRAPPED_METRICS, records("wrapped", 200));

      fillRedisMemory();

      assertThatThrownBy(() -> engine.storeRecords(Queue.WRAPPED_LOGS, records("log", 5)))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("storeRecords chouette:logs:wrapped")
          .hasMessageContaining("OOM command not allowed");
      // The hand-over is refused as a whole: the raw metrics stay, nothing half written.
      assertThatThrownBy(
              () ->
                  engine.storeAndDelete(
                      Queue.WRAPPED_METRICS, records("new", 10), Queue.RAW_METRICS, raw))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("EXECABORT")
          .hasMessageContaining("none of it ran");
      assertThat(engine.queueSize(Queue.RAW_METRICS)).isEqualTo(300);
      assertThat(engine.queueSize(Queue.WRAPPED_METRICS)).isEqualTo(200);
      assertThat(engine.queueSize(Queue.WRAPPED_LOGS)).isZero();
      // Reads and deletes still work: the sender keeps delivering and freeing the backlog.
      assertThat(engine.isReachable()).isTrue();
      assertThat(engine.collectKeys(Queue.WRAPPED_METRICS, 0))
          .extracting(StoredKey::key)
          .containsExactlyInAnyOrderElementsOf(wrapped);
      assertThat(engine.collectValues(Queue.WRAPPED_METRICS, wrapped.subList(0, 3)))
          .extracting(StoredRecord::json)
          .containsExactly("{\"wrapped\": 0}", "{\"wrapped\": 1}", "{\"wrapped\": 2}");
      assertThat(engine.deleteRecords(Queue.WRAPPED_METRICS, wrapped.subList(0, 20))).isEqualTo(20);

      raiseRedisMemory();

      List<String> logs = engine.storeRecords(Queue.WRAPPED_LOGS, records("log", 5));
      assertThat(logs).hasSize(5);
      engine.storeAndDelete(Queue.WRAPPED_METRICS, records("new", 10), Queue.RAW_METRICS, raw);
      assertThat(engine.queueSize(Queue.RAW_METRICS)).isZero();
      assertThat(engine.queueSize(Queue.WRAPPED_METRICS)).isEqualTo(190);
      assertThat(engine.queueSize(Queue.WRAPPED_LOGS)).isEqualTo(5);
    }
  }

  @Test
  void theBoundIsEnforcedEvenWhenRedisIsFullAndFreesItsMemory() {
    try (RedisStorageEngine engine =
        new RedisStorageEngine(redis.config(), Clock.systemUTC(), 100)) {
      engine.storeRecords(Queue.WRAPPED_METRICS, records("wrapped", 2_000));
      long usedBefore = usedMemory();

      fillRedisMemory();

      // The script only reads and deletes, which Redis allows at maxmemory.
      assertThat(engine.enforceBound()).containsExactly(Map.entry(Queue.WRAPPED_METRICS, 1_900L));
      assertThat(engine.queueSize(Queue.WRAPPED_METRICS)).isEqualTo(100);
      assertThat(usedMemory()).isLessThan(usedBefore);
    }
  }

  private static long usedMemory() {
    try (Jedis jedis = redis.connect()) {
      for (String line : jedis.info("memory").split("\r?\n")) {
        if (line.startsWith("used_memory:")) {
          return Long.parseLong(line.substring("used_memory:".length()).trim());
        }
      }
    }
    throw new AssertionError("no used_memory in INFO memory");
  }

  @Test
  void theStorageActorAnswersFailedWithTheOomReasonAndKeepsServing() {
    try (RedisStorageEngine engine = new RedisStorageEngine(redis.config(), Clock.systemUTC())) {
      ActorRef<StorageActor.Command> storage = testKit.spawn(StorageActor.create(engine));
      TestProbe<StorageActor.Reply> probe = testKit.createTestProbe();
      storage.tell(
          new StorageActor.StoreRecords(Queue.RAW_METRICS, records("raw", 10), probe.ref()));
      probe.expectMessageClass(StorageActor.RecordsStored.class);

      fillRedisMemory();

      storage.tell(
          new StorageActor.StoreRecords(Queue.RAW_METRICS, records("raw", 1), probe.ref()));
      StorageActor.Failed failed = probe.expectMessageClass(StorageActor.Failed.class);
      assertThat(failed.reason()).contains("OOM command not allowed");
      storage.tell(new StorageActor.GetQueueSize(Queue.RAW_METRICS, probe.ref()));
      probe.expectMessage(new StorageActor.QueueSized(Queue.RAW_METRICS, 10));

      raiseRedisMemory();

      storage.tell(
          new StorageActor.StoreRecords(Queue.RAW_METRICS, records("raw", 1), probe.ref()));
      probe.expectMessageClass(StorageActor.RecordsStored.class);
      storage.tell(new StorageActor.GetQueueSize(Queue.RAW_METRICS, probe.ref()));
      probe.expectMessage(new StorageActor.QueueSized(Queue.RAW_METRICS, 11));
    }
  }

  @Test
  void aRedisRestartedEmptyIsUsedAgainByTheSameEngine() throws InterruptedException {
    try (RedisStorageEngine engine = new RedisStorageEngine(redis.config(), Clock.systemUTC())) {
      List<String> before = engine.storeRecords(Queue.RAW_METRICS, records("raw", 50));
      engine.storeRecords(Queue.WRAPPED_METRICS, records("wrapped", 50));

      redis.kill();
      assertThatThrownBy(() -> engine.queueSize(Queue.RAW_METRICS))
          .isInstanceOf(StorageException.class);
      redis.start(); // no persistence: it comes back empty

      assertThat(engine.awaitReachable(Duration.ofSeconds(10))).isTrue();
      assertThat(engine.queueSize(Queue.RAW_METRICS)).isZero();
      assertThat(engine.queueSize(Queue.WRAPPED_METRICS)).isZero();
      // A hand-over of keys Redis no longer has stores its records and deletes nothing.
      engine.storeAndDelete(Queue.WRAPPED_METRICS, records("again", 3), Queue.RAW_METRICS, before);
      assertThat(engine.deleteRecords(Queue.RAW_METRICS, before)).isZero();
      List<String> after = engine.storeRecords(Queue.RAW_METRICS, records("raw", 7));
      assertThat(engine.collectKeys(Queue.RAW_METRICS, 0))
          .extracting(StoredKey::key)
          .containsExactlyInAnyOrderElementsOf(after);
      assertThat(engine.queueSize(Queue.WRAPPED_METRICS)).isEqualTo(3);
    }
  }
}
