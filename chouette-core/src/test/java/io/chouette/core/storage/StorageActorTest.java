package io.chouette.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.storage.memory.MemoryStorageEngine;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class StorageActorTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static final Queue RAW = Queue.RAW_METRICS;
  private static final Queue WRAPPED = Queue.WRAPPED_METRICS;

  @Test
  void mapsEveryCommandOntoTheEngine() {
    MemoryStorageEngine engine = new MemoryStorageEngine();
    ActorRef<StorageActor.Command> storage = testKit.spawn(StorageActor.create(engine));
    TestProbe<StorageActor.Reply> probe = testKit.createTestProbe();
    double now = System.currentTimeMillis() / 1000.0;

    storage.tell(
        new StorageActor.StoreRecords(
            RAW,
            List.of(
                new NewRecord(now - 100_000, "{\"old\": 1}"),
                new NewRecord(now, "{\"a\": 1}"),
                new NewRecord(now + 1, "{\"b\": 2}")),
            probe.ref()));
    List<String> keys = probe.expectMessageClass(StorageActor.RecordsStored.class).keys();
    assertThat(keys).hasSize(3);

    storage.tell(new StorageActor.CleanupOutdated(RAW, Duration.ofHours(1), probe.ref()));
    probe.expectMessage(new StorageActor.CleanedUp(RAW, 1));

    storage.tell(new StorageActor.GetQueueSize(RAW, probe.ref()));
    probe.expectMessage(new StorageActor.QueueSized(RAW, 2));

    storage.tell(new StorageActor.CollectKeys(RAW, 1, probe.ref()));
    probe.expectMessage(
        new StorageActor.KeysCollected(RAW, List.of(new StoredKey(keys.get(1), now))));

    storage.tell(new StorageActor.CollectKeysSince(RAW, now + 0.5, 0, probe.ref()));
    probe.expectMessage(
        new StorageActor.KeysCollected(RAW, List.of(new StoredKey(keys.get(2), now + 1))));

    storage.tell(
        new StorageActor.CollectValues(RAW, List.of(keys.get(2), keys.get(0)), probe.ref()));
    probe.expectMessage(
        new StorageActor.ValuesCollected(
            RAW, List.of(new StoredRecord(keys.get(2), "{\"b\": 2}"))));

    storage.tell(
        new StorageActor.StoreAndDelete(
            WRAPPED,
            List.of(new NewRecord(now, "{\"w\": 1}")),
            RAW,
            List.of(keys.get(1)),
            probe.ref()));
    probe.expectMessage(new StorageActor.StoredAndDeleted(WRAPPED, 1, RAW, 1));
    assertThat(engine.queueSize(WRAPPED)).isEqualTo(1);

    storage.tell(new StorageActor.DeleteRecords(RAW, keys, probe.ref()));
    probe.expectMessage(new StorageActor.RecordsDeleted(RAW, 1));

    storage.tell(new StorageActor.CheckReachable(probe.ref()));
    probe.expectMessage(new StorageActor.Reachability(true));
  }

  @Test
  void aFailingStoreIsAnsweredWithFailedAndTheActorKeepsAnswering() {
    SwitchableEngine engine = new SwitchableEngine();
    ActorRef<StorageActor.Command> storage = testKit.spawn(StorageActor.create(engine));
    TestProbe<StorageActor.Reply> probe = testKit.createTestProbe();
    engine.down = true;

    storage.tell(new StorageActor.StoreRecords(RAW, List.of(new NewRecord(1, "{}")), probe.ref()));
    StorageActor.Failed failed = probe.expectMessageClass(StorageActor.Failed.class);
    assertThat(failed.operation()).isEqualTo("storeRecords chouette:metrics:raw");
    assertThat(failed.reason()).isEqualTo("store is down");

    storage.tell(new StorageActor.CollectKeys(RAW, 0, probe.ref()));
    assertThat(probe.expectMessageClass(StorageActor.Failed.class).operation())
        .isEqualTo("collectKeys chouette:metrics:raw");
    storage.tell(
        new StorageActor.StoreAndDelete(
            WRAPPED, List.of(new NewRecord(1, "{}")), RAW, List.of("k"), probe.ref()));
    probe.expectMessageClass(StorageActor.Failed.class);
    storage.tell(new StorageActor.CheckReachable(probe.ref()));
    probe.expectMessage(new StorageActor.Reachability(false));

    engine.down = false;
    storage.tell(new StorageActor.StoreRecords(RAW, List.of(new NewRecord(1, "{}")), probe.ref()));
    assertThat(probe.expectMessageClass(StorageActor.RecordsStored.class).keys()).hasSize(1);
    storage.tell(new StorageActor.GetQueueSize(RAW, probe.ref()));
    probe.expectMessage(new StorageActor.QueueSized(RAW, 1));
    assertThat(engine.queueSize(WRAPPED)).isZero();
  }

  /**
   * The memory engine behind a switch that makes every operation fail as an unreachable store does.
   */
  private static final class SwitchableEngine implements StorageEngine {
    private final MemoryStorageEngine delegate = new MemoryStorageEngine();
    volatile boolean down;

    private void check() {
      if (down) {
        throw new StorageException("store is down");
      }
    }

    @Override
    public long cleanupOutdated(Queue queue, Duration ttl) {
      check();
      return delegate.cleanupOutdated(queue, ttl);
    }

    @Override
    public List<StoredKey> collectKeys(Queue queue, int amount) {
      check();
      return delegate.collectKeys(queue, amount);
    }

    @Override
    public List<StoredKey> collectKeysSince(Queue queue, double sinceSeconds, int amount) {
      check();
      return delegate.collectKeysSince(queue, sinceSeconds, amount);
    }

    @Override
    public List<StoredRecord> collectValues(Queue queue, Collection<String> keys) {
      check();
      return delegate.collectValues(queue, keys);
    }

    @Override
    public long deleteRecords(Queue queue, Collection<String> keys) {
      check();
      return delegate.deleteRecords(queue, keys);
    }

    @Override
    public List<String> storeRecords(Queue queue, List<NewRecord> records) {
      check();
      return delegate.storeRecords(queue, records);
    }

    @Override
    public long queueSize(Queue queue) {
      check();
      return delegate.queueSize(queue);
    }

    @Override
    public void storeAndDelete(
        Queue target, List<NewRecord> records, Queue source, Collection<String> keys) {
      check();
      delegate.storeAndDelete(target, records, source, keys);
    }

    @Override
    public boolean isReachable() {
      return !down;
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
