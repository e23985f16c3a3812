package io.chouette.core.storage.memory;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.OldestFirstTrim;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.RecordBound;
import io.chouette.core.storage.StorageEngine;
import io.chouette.core.storage.StoredKey;
import io.chouette.core.storage.StoredRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded, non-durable engine ({@code CHOUETTE_STORAGE_TYPE=memory}): for running without
 * Redis and for tests. Same semantics as the Redis layout: records ordered by timestamp, then by
 * key (a Redis sorted set orders equal scores by member).
 *
 * <p>Records are kept deflated in blocks ({@link CompactQueue}), so a long outage's backlog fits in
 * a small heap. Everything is lost when the process stops; use {@code redis} where that matters.
 *
 * <p>The wrapped queues together hold at most {@code maxRecords} ({@link RecordBound}) once {@link
 * #enforceBound()} has run; the raw queue is not bounded here.
 */
public final class MemoryStorageEngine implements StorageEngine {

  private final Clock clock;
  private final long maxRecords;
  private final Map<Queue, CompactQueue> queues = new ConcurrentHashMap<>();

  public MemoryStorageEngine(Clock clock, long maxRecords) {
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be at least 1: " + maxRecords);
    }
    this.clock = clock;
    this.maxRecords = maxRecords;
  }

  public MemoryStorageEngine(Clock clock) {
    this(clock, RecordBound.DEFAULT);
  }

  public MemoryStorageEngine() {
    this(Clock.systemUTC());
  }

  @Override
  public long cleanupOutdated(Queue queue, Duration ttl) {
    double threshold = clock.millis() / 1000.0 - ttl.toMillis() / 1000.0;
    CompactQueue data = data(queue);
    synchronized (data) {
      return data.removeOlderThan(threshold);
    }
  }

  @Override
  public List<StoredKey> collectKeys(Queue queue, int amount) {
    CompactQueue data = data(queue);
    synchronized (data) {
      return data.oldest(amount);
    }
  }

  @Override
  public List<StoredKey> collectKeysSince(Queue queue, double sinceSeconds, int amount) {
    CompactQueue data = data(queue);
    synchronized (data) {
      return data.oldestSince(sinceSeconds, amount);
    }
  }

  @Override
  public List<StoredRecord> collectValues(Queue queue, Collection<String> keys) {
    CompactQueue data = data(queue);
    synchronized (data) {
      return data.values(keys);
    }
  }

  @Override
  public long deleteRecords(Queue queue, Collection<String> keys) {
    CompactQueue data = data(queue);
    synchronized (data) {
      return data.delete(keys);
    }
  }

  @Override
  public List<String> storeRecords(Queue queue, List<NewRecord> records) {
    CompactQueue data = data(queue);
    synchronized (data) {
      return data.store(records);
    }
  }

  @Override
  public long queueSize(Queue queue) {
    CompactQueue data = data(queue);
    synchronized (data) {
      return data.size();
    }
  }

  @Override
  public void storeAndDelete(
      Queue target, List<NewRecord> records, Queue source, Collection<String> keys) {
    CompactQueue targetData = data(target);
    CompactQueue sourceData = data(source);
    // Lock both queues in a fixed order so that readers never see one half of the hand-over.
    CompactQueue first = target.name().compareTo(source.name()) <= 0 ? targetData : sourceData;
    CompactQueue second = first == targetData ? sourceData : targetData;
    synchronized (first) {
      synchronized (second) {
        targetData.store(records);
        sourceData.delete(keys);
      }
    }
  }

  @Override
  public Map<Queue, Long> enforceBound() {
    return OldestFirstTrim.trim(this, RecordBound.QUEUES, maxRecords);
  }

  @Override
  public String describeBound() {
    return RecordBound.describe(maxRecords);
  }

  @Override
  public boolean isReachable() {
    return true;
  }

  @Override
  public void close() {
    queues.clear();
  }

  private CompactQueue data(Queue queue) {
    return queues.computeIfAbsent(queue, q -> new CompactQueue());
  }
}
