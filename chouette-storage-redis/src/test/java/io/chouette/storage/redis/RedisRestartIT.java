package io.chouette.storage.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import io.chouette.core.storage.StorageException;
import io.chouette.core.storage.StoredKey;
import io.chouette.redis.testing.RedisServerExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis going away and coming back: operations fail with {@link StorageException} (the Storage
 * actor answers {@code Failed} and keeps running), and once Redis is back the same engine works
 * again, with nothing lost (the server fsyncs every write to its append-only file).
 */
class RedisRestartIT {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.persistent();

  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static List<NewRecord> records(int count) {
    double now = System.currentTimeMillis() / 1000.0;
    return IntStream.range(0, count)
        .mapToObj(i -> new NewRecord(now + i, "{\"n\": " + i + "}"))
        .toList();
  }

  @Test
  void theSameEngineResumesAfterACrashAndKeepsTheData() throws InterruptedException {
    try (RedisStorageEngine engine = new RedisStorageEngine(redis.config(), Clock.systemUTC())) {
      List<String> before = engine.storeRecords(Queue.RAW_METRICS, records(100));
      assertThat(engine.isReachable()).isTrue();

      redis.kill();

      assertThat(engine.isReachable()).isFalse();
      assertThatThrownBy(() -> engine.storeRecords(Queue.RAW_METRICS, records(1)))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("storeRecords chouette:metrics:raw");
      assertThatThrownBy(() -> engine.collectKeys(Queue.RAW_METRICS, 0))
          .isInstanceOf(StorageException.class);
      assertThatThrownBy(
              () ->
                  engine.storeAndDelete(
                      Queue.WRAPPED_METRICS, records(1), Queue.RAW_METRICS, before))
          .isInstanceOf(StorageException.class);
      assertThatThrownBy(() -> engine.cleanupOutdated(Queue.RAW_METRICS, Duration.ofSeconds(1)))
          .isInstanceOf(StorageException.class);

      // Redis comes back while Chouette waits for it with backoff.
      Thread restarter = new Thread(redis::start);
      restarter.start();
      assertThat(engine.awaitReachable(Duration.ofSeconds(30))).isTrue();
      restarter.join();

      assertThat(engine.collectKeys(Queue.RAW_METRICS, 0))
          .extracting(StoredKey::key)
          .containsExactlyElementsOf(before);
      List<String> after = engine.storeRecords(Queue.RAW_METRICS, records(5));
      assertThat(after).hasSize(5);
      engine.storeAndDelete(Queue.WRAPPED_METRICS, records(2), Queue.RAW_METRICS, before);
      assertThat(engine.queueSize(Queue.RAW_METRICS)).isEqualTo(5);
      assertThat(engine.queueSize(Queue.WRAPPED_METRICS)).isEqualTo(2);
      assertThat(engine.isReachable()).isTrue();
    }
  }

  @Test
  void theStorageActorAnswersFailedWhileRedisIsDownAndRecovers() {
    try (RedisStorageEngine engine = new RedisStorageEngine(redis.config(), Clock.systemUTC())) {
      ActorRef<StorageActor.Command> storage = testKit.spawn(StorageActor.create(engine));
      TestProbe<StorageActor.Reply> probe = testKit.createTestProbe();
      storage.tell(new StorageActor.StoreRecords(Queue.RAW_METRICS, records(10), probe.ref()));
      probe.expectMessageClass(StorageActor.RecordsStored.class);

      redis.stop();

      storage.tell(new StorageActor.GetQueueSize(Queue.RAW_METRICS, probe.ref()));
      StorageActor.Failed failed = probe.expectMessageClass(StorageActor.Failed.class);
      assertThat(failed.operation()).isEqualTo("queueSize chouette:metrics:raw");
      storage.tell(new StorageActor.StoreRecords(Queue.RAW_METRICS, records(1), probe.ref()));
      probe.expectMessageClass(StorageActor.Failed.class);
      storage.tell(new StorageActor.CheckReachable(probe.ref()));
      probe.expectMessage(new StorageActor.Reachability(false));

      redis.start();

      storage.tell(new StorageActor.GetQueueSize(Queue.RAW_METRICS, probe.ref()));
      probe.expectMessage(new StorageActor.QueueSized(Queue.RAW_METRICS, 10));
      storage.tell(new StorageActor.CheckReachable(probe.ref()));
      probe.expectMessage(new StorageActor.Reachability(true));
    }
  }
}
