package io.chouette.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageEngine;
import io.chouette.core.storage.StoredKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bound every engine keeps (STORAGE_MAX_RECORDS, STORAGE_MAX_MB), run against every engine
 * beside {@link StorageEngineContract}: extend it and implement {@link #newBoundedEngine(Clock)}.
 * Over its bound, {@link StorageEngine#enforceBound()} drops the oldest records of the wrapped
 * queues first, across queues, counts them exactly per queue, and leaves the raw queue alone.
 */
public abstract class StorageBoundContract {

  protected static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");

  /** The wrapped queues: the ones a bound covers. */
  protected static final List<Queue> BOUNDED =
      List.of(
          Queue.WRAPPED_METRICS,
          Queue.WRAPPED_LOGS,
          Queue.WRAPPED_SKETCHES,
          Queue.WRAPPED_EVENTS,
          Queue.WRAPPED_SERVICE_CHECKS);

  protected StorageEngine engine;

  /** A new engine over empty queues with a small bound, whose clock is {@code clock}. */
  protected abstract StorageEngine newBoundedEngine(Clock clock);

  /**
   * How many records like {@link #json(int)} (about 200 bytes each) put the bounded engine over its
   * bound; a handful of them must fit.
   */
  protected abstract int recordsOverBound();

  /**
   * The bound in records when the engine counts records (the exact count is checked), else empty.
   */
  protected abstract OptionalLong maxRecords();

  @BeforeEach
  void openEngine() {
    engine = newBoundedEngine(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  protected static String json(int index) {
    return "{\"metric\": \"bounded.metric\", \"points\": [["
        + index
        + ", 1.0]], \"type\": \"gauge\","
        + " \"tags\": [\"env:test\", \"host:node-1\", \"index:"
        + index
        + "\"], \"interval\": 10,"
        + " \"padding\": \""
        + "x".repeat(64)
        + "\"}";
  }

  /**
   * Stores {@code count} records with timestamps base+0 … base+count-1, the i-th in queue i mod 5;
   * every other queue gets its records newest first, so no engine can rely on insertion order.
   */
  protected void storeSpread(int count, double base) {
    for (int q = 0; q < BOUNDED.size(); q++) {
      List<NewRecord> records = new ArrayList<>();
      for (int i = q; i < count; i += BOUNDED.size()) {
        records.add(new NewRecord(base + i, json(i)));
      }
      if (q % 2 == 1) {
        java.util.Collections.reverse(records);
      }
      engine.storeRecords(BOUNDED.get(q), records);
    }
  }

  private Map<Queue, List<StoredKey>> contents() {
    Map<Queue, List<StoredKey>> contents = new HashMap<>();
    for (Queue queue : BOUNDED) {
      contents.put(queue, engine.collectKeys(queue, 0));
    }
    return contents;
  }

  private long total() {
    return BOUNDED.stream().mapToLong(engine::queueSize).sum();
  }

  @Test
  void withinItsBoundNothingIsDropped() {
    storeSpread(5, 1000);

    assertThat(engine.enforceBound()).isEmpty();
    assertThat(total()).isEqualTo(5);
  }

  @Test
  void overItsBoundTheOldestGoFirstAcrossQueuesCountedExactly() {
    int count = recordsOverBound();
    storeSpread(count, 1000);
    Map<Queue, List<StoredKey>> before = contents();

    Map<Queue, Long> dropped = engine.enforceBound();

    Map<Queue, List<StoredKey>> after = contents();
    long droppedTotal = dropped.values().stream().mapToLong(Long::longValue).sum();
    assertThat(droppedTotal).isPositive();
    assertThat(total()).isEqualTo(count - droppedTotal);
    maxRecords().ifPresent(max -> assertThat(total()).isEqualTo(max));
    double newestDropped = Double.NEGATIVE_INFINITY;
    double oldestKept = Double.POSITIVE_INFINITY;
    for (Queue queue : BOUNDED) {
      Set<StoredKey> kept = new HashSet<>(after.get(queue));
      List<StoredKey> gone = new ArrayList<>(before.get(queue));
      gone.removeAll(kept);
      assertThat(dropped.getOrDefault(queue, 0L)).as(queue.name()).isEqualTo(gone.size());
      for (StoredKey key : gone) {
        newestDropped = Math.max(newestDropped, key.timestamp());
      }
      for (StoredKey key : kept) {
        oldestKept = Math.min(oldestKept, key.timestamp());
      }
    }
    assertThat(newestDropped).isLessThan(oldestKept);
    // The dropped ones are exactly the oldest: timestamps 1000 .. 1000 + dropped - 1.
    assertThat(oldestKept).isEqualTo(1000 + droppedTotal);
  }

  @Test
  void onceWithinItsBoundAgainTheNextCheckDropsNothing() {
    storeSpread(recordsOverBound(), 1000);
    engine.enforceBound();
    long kept = total();

    assertThat(engine.enforceBound()).isEmpty();
    assertThat(total()).isEqualTo(kept);
  }

  @Test
  void theRawQueueIsNeitherCountedNorDropped() {
    List<NewRecord> raw = new ArrayList<>();
    for (int i = 0; i < recordsOverBound(); i++) {
      raw.add(new NewRecord(10 + i, json(i)));
    }
    engine.storeRecords(Queue.RAW_METRICS, raw);
    storeSpread(3, 1000);

    assertThat(engine.enforceBound()).isEmpty();

    storeSpread(recordsOverBound(), 2000);
    Map<Queue, Long> dropped = engine.enforceBound();

    assertThat(dropped).isNotEmpty().doesNotContainKey(Queue.RAW_METRICS);
    assertThat(engine.queueSize(Queue.RAW_METRICS)).isEqualTo(recordsOverBound());
  }

  @Test
  void describesItsBound() {
    assertThat(engine.describeBound()).isNotBlank().isNotEqualTo("unbounded");
  }
}
