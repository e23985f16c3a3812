package io.chouette.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.storage.memory.MemoryStorageEngine;
import io.chouette.core.testing.ForwardingEngine;
import io.chouette.core.testing.LogCapture;
import io.chouette.core.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The Storage actor's bound tick, its self-metrics, and the condition it reports to health. */
class StorageActorBoundTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final double NOW = 1_709_294_400;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private final MutableClock clock = MutableClock.atSeconds(NOW);
  private final TestProbe<StorageActor.Reply> probe = testKit.createTestProbe();

  private static List<NewRecord> records(int count, double firstTimestamp) {
    List<NewRecord> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(new NewRecord(firstTimestamp + i, "{\"i\": " + i + "}"));
    }
    return records;
  }

  private StorageActor.Status status(ActorRef<StorageActor.Command> storage) {
    storage.tell(new StorageActor.GetStatus(probe.ref()));
    return probe.expectMessageClass(StorageActor.Status.class);
  }

  /** The raw self-metric records, as JSON texts. */
  private static List<String> rawTexts(StorageEngine engine) {
    List<StoredKey> keys = engine.collectKeys(Queue.RAW_METRICS, 0);
    return engine
        .collectValues(Queue.RAW_METRICS, keys.stream().map(StoredKey::key).toList())
        .stream()
        .map(StoredRecord::json)
        .toList();
  }

  @Test
  void aTickOverTheBoundDropsTheOldestCountsThemAndLogsOnce() {
    MemoryStorageEngine engine = new MemoryStorageEngine(clock, 10);
    engine.storeRecords(Queue.WRAPPED_LOGS, records(12, NOW - 100));
    engine.storeRecords(Queue.WRAPPED_METRICS, records(5, NOW - 200));
    ActorRef<StorageActor.Command> storage = testKit.spawn(StorageActor.create(engine, clock));

    try (LogCapture logs = LogCapture.of(StorageActor.class)) {
      storage.tell(StorageActor.EnforceBound.INSTANCE);
      StorageActor.Status full = status(storage);

      assertThat(full.lastDropped())
          .containsOnly(Map.entry(Queue.WRAPPED_METRICS, 5L), Map.entry(Queue.WRAPPED_LOGS, 2L));
      assertThat(full.reasons()).containsExactly("storage_full");
      assertThat(full.bound()).isEqualTo("10 records");
      assertThat(logs.warnings())
          .singleElement()
          .satisfies(
              line ->
                  assertThat(line).contains("storage_full", "10 records", "metrics=5", "logs=2"));
    }
    assertThat(engine.queueSize(Queue.WRAPPED_LOGS)).isEqualTo(10);
    assertThat(engine.collectKeys(Queue.WRAPPED_LOGS, 1).get(0).timestamp()).isEqualTo(NOW - 98);
    assertThat(rawTexts(engine))
        .containsExactlyInAnyOrder(
            "{\"metric\":\"chouette.dropped.metrics\",\"type\":\"count\",\"value\":5,"
                + "\"timestamp\":1.7092944E9,\"tags\":{\"reason\":\"storage_full\"}}",
            "{\"metric\":\"chouette.dropped.logs\",\"type\":\"count\",\"value\":2,"
                + "\"timestamp\":1.7092944E9,\"tags\":{\"reason\":\"storage_full\"}}");

    storage.tell(StorageActor.EnforceBound.INSTANCE);
    StorageActor.Status within = status(storage);
    assertThat(within.lastDropped()).isEmpty();
    assertThat(within.reasons()).isEmpty();
    assertThat(rawTexts(engine)).hasSize(2);
  }

  @Test
  void withoutSelfMetricsTheDropsAreLoggedAndReportedButNotWritten() {
    MemoryStorageEngine engine = new MemoryStorageEngine(clock, 10);
    engine.storeRecords(Queue.WRAPPED_EVENTS, records(15, NOW - 100));
    ActorRef<StorageActor.Command> storage =
        testKit.spawn(StorageActor.create(engine, clock, false));

    try (LogCapture logs = LogCapture.of(StorageActor.class)) {
      storage.tell(StorageActor.EnforceBound.INSTANCE);
      assertThat(status(storage).lastDropped()).containsOnly(Map.entry(Queue.WRAPPED_EVENTS, 5L));
      assertThat(logs.warnings()).singleElement().asString().contains("events=5");
    }
    assertThat(engine.queueSize(Queue.RAW_METRICS)).isZero();
  }

  @Test
  void aStoreFaultIsReportedCountedOnceTheStoreAcceptsWritesAndClearedByASuccess() {
    MemoryStorageEngine memory = new MemoryStorageEngine(clock, 1000);
    FailingWrites engine = new FailingWrites(memory);
    ActorRef<StorageActor.Command> storage = testKit.spawn(StorageActor.create(engine, clock));
    engine.failing = true;

    for (int i = 0; i < 3; i++) {
      storage.tell(new StorageActor.StoreRecords(Queue.RAW_METRICS, records(1, NOW), probe.ref()));
      probe.expectMessageClass(StorageActor.Failed.class);
    }
    storage.tell(StorageActor.EnforceBound.INSTANCE); // its self-metrics cannot be written either
    assertThat(status(storage).reasons())
        .containsExactly("storage_fault: storeRecords: OOM command not allowed");
    assertThat(memory.queueSize(Queue.RAW_METRICS)).isZero();

    engine.failing = false;
    storage.tell(StorageActor.EnforceBound.INSTANCE);

    assertThat(status(storage).reasons()).isEmpty();
    assertThat(rawTexts(memory))
        .containsExactly(
            "{\"metric\":\"chouette.storage.errors\",\"type\":\"count\",\"value\":4,"
                + "\"timestamp\":1.7092944E9,\"tags\":{\"operation\":\"storeRecords\"}}");
  }

  @Test
  void aFaultOnlyClearsWithASuccessOfTheSameKindOrAfterFiveQuietMinutes() {
    FailingWrites engine = new FailingWrites(new MemoryStorageEngine(clock, 1000));
    ActorRef<StorageActor.Command> storage = testKit.spawn(StorageActor.create(engine, clock));
    engine.failing = true;
    storage.tell(new StorageActor.StoreRecords(Queue.RAW_METRICS, records(1, NOW), probe.ref()));
    probe.expectMessageClass(StorageActor.Failed.class);

    storage.tell(new StorageActor.GetQueueSize(Queue.RAW_METRICS, probe.ref()));
    probe.expectMessageClass(StorageActor.QueueSized.class);
    assertThat(status(storage).reasons()).hasSize(1);

    clock.advance(StoreCondition.FAULT_MEMORY);
    assertThat(status(storage).reasons()).hasSize(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(status(storage).reasons()).isEmpty();
  }

  /** Writes fail as Redis at its maxmemory answers them; reads and deletes work. */
  private static final class FailingWrites extends ForwardingEngine {
    volatile boolean failing;

    FailingWrites(StorageEngine delegate) {
      super(delegate);
    }

    @Override
    public List<String> storeRecords(Queue queue, List<NewRecord> records) {
      if (failing) {
        throw new StorageException("OOM command not allowed");
      }
      return super.storeRecords(queue, records);
    }
  }
}
