package io.chouette.core.storage;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded, non-durable engine ({@code CHOUETTE_STORAGE_TYPE=memory}): for running without
 * Redis and for tests. Same semantics as the Redis layout: records ordered by timestamp, then by
 * key (a Redis sorted set orders equal scores by member).
 *
 * <p>Everything is lost when the process stops; use {@code redis} where that matters.
 */
public final class MemoryStorageEngine implements StorageEngine {

  private static final Comparator<StoredKey> OLDEST_FIRST =
      Comparator.comparingDouble(StoredKey::timestamp).thenComparing(StoredKey::key);

  private final Clock clock;
  private final Map<Queue, QueueData> queues = new ConcurrentHashMap<>();

  public MemoryStorageEngine(Clock clock) {
    this.clock = clock;
  }

  public MemoryStorageEngine() {
    this(Clock.systemUTC());
  }

  @Override
  public long cleanupOutdated(Queue queue, Duration ttl) {
    double threshold = clock.millis() / 1000.0 - ttl.toMillis() / 1000.0;
    QueueData data = data(queue);
    synchronized (data) {
      long removed = 0;
      while (!data.order.isEmpty() && data.order.first().timestamp() < threshold) {
        StoredKey oldest = data.order.pollFirst();
        data.values.remove(oldest.key());
        removed++;
      }
      return removed;
    }
  }

  @Override
  public List<StoredKey> collectKeys(Queue queue, int amount) {
    QueueData data = data(queue);
    synchronized (data) {
      int size = amount <= 0 ? data.order.size() : Math.min(amount, data.order.size());
      List<StoredKey> keys = new ArrayList<>(size);
      for (StoredKey key : data.order) {
        if (keys.size() == size) {
          break;
        }
        keys.add(key);
      }
      return keys;
    }
  }

  @Override
  public List<StoredRecord> collectValues(Queue queue, Collection<String> keys) {
    QueueData data = data(queue);
    synchronized (data) {
      List<StoredRecord> records = new ArrayList<>(keys.size());
      for (String key : keys) {
        Entry entry = data.values.get(key);
        if (entry != null) {
          records.add(new StoredRecord(key, entry.json()));
        }
      }
      return records;
    }
  }

  @Override
  public long deleteRecords(Queue queue, Collection<String> keys) {
    QueueData data = data(queue);
    synchronized (data) {
      return data.delete(keys);
    }
  }

  @Override
  public List<String> storeRecords(Queue queue, List<NewRecord> records) {
    QueueData data = data(queue);
    synchronized (data) {
      return data.store(records);
    }
  }

  @Override
  public long queueSize(Queue queue) {
    QueueData data = data(queue);
    synchronized (data) {
      return data.values.size();
    }
  }

  @Override
  public void storeAndDelete(
      Queue target, List<NewRecord> records, Queue source, Collection<String> keys) {
    QueueData targetData = data(target);
    QueueData sourceData = data(source);
    // Lock both queues in a fixed order so that readers never see one half of the hand-over.
    QueueData first = target.name().compareTo(source.name()) <= 0 ? targetData : sourceData;
    QueueData second = first == targetData ? sourceData : targetData;
    synchronized (first) {
      synchronized (second) {
        targetData.store(records);
        sourceData.delete(keys);
      }
    }
  }

  @Override
  public boolean isReachable() {
    return true;
  }

  @Override
  public void close() {
    queues.clear();
  }

  private QueueData data(Queue queue) {
    return queues.computeIfAbsent(queue, q -> new QueueData());
  }

  private record Entry(double timestamp, String json) {}

  private static final class QueueData {
    private final NavigableSet<StoredKey> order = new TreeSet<>(OLDEST_FIRST);
    private final Map<String, Entry> values = new HashMap<>();

    List<String> store(List<NewRecord> records) {
      List<String> keys = new ArrayList<>(records.size());
      for (NewRecord record : records) {
        String key = RecordKeys.newKey();
        values.put(key, new Entry(record.timestamp(), record.json()));
        order.add(new StoredKey(key, record.timestamp()));
        keys.add(key);
      }
      return keys;
    }

    long delete(Collection<String> keys) {
      long removed = 0;
      for (String key : keys) {
        Entry entry = values.remove(key);
        if (entry != null) {
          order.remove(new StoredKey(key, entry.timestamp()));
          removed++;
        }
      }
      return removed;
    }
  }
}
