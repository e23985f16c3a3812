package io.chouette.core.send;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageEngine;
import io.chouette.core.storage.StorageException;
import io.chouette.core.storage.StoredKey;
import io.chouette.core.storage.StoredRecord;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A storage engine that writes down the key reads, value reads and deletions made through it. */
final class LoggedEngine implements StorageEngine {

  /**
   * One call: {@code keys}, {@code values} or {@code delete}, with the keys it named and when it
   * ended ({@link System#nanoTime()}).
   */
  record Operation(String name, List<String> keys, long endedNanos) {}

  final List<Operation> operations = new CopyOnWriteArrayList<>();
  private final StorageEngine engine;
  private final AtomicInteger deletionsLeft = new AtomicInteger(Integer.MAX_VALUE);

  LoggedEngine(StorageEngine engine) {
    this.engine = engine;
  }

  /** Deletions after the first {@code n} fail, as a store that went away. */
  void failDeletionsAfter(int n) {
    deletionsLeft.set(n);
  }

  /** When the {@code n}th deletion (from 0) ended. */
  long deletedAt(int n) {
    return operations.stream()
        .filter(o -> o.name().equals("delete"))
        .skip(n)
        .findFirst()
        .orElseThrow()
        .endedNanos();
  }

  private List<StoredKey> logKeys(List<StoredKey> keys) {
    operations.add(
        new Operation("keys", keys.stream().map(StoredKey::key).toList(), System.nanoTime()));
    return keys;
  }

  @Override
  public long cleanupOutdated(Queue queue, Duration ttl) {
    return engine.cleanupOutdated(queue, ttl);
  }

  @Override
  public List<StoredKey> collectKeys(Queue queue, int amount) {
    return logKeys(engine.collectKeys(queue, amount));
  }

  @Override
  public List<StoredKey> collectKeysSince(Queue queue, double sinceSeconds, int amount) {
    return logKeys(engine.collectKeysSince(queue, sinceSeconds, amount));
  }

  @Override
  public List<StoredRecord> collectValues(Queue queue, Collection<String> keys) {
    List<StoredRecord> values = engine.collectValues(queue, keys);
    operations.add(new Operation("values", List.copyOf(keys), System.nanoTime()));
    return values;
  }

  @Override
  public long deleteRecords(Queue queue, Collection<String> keys) {
    if (deletionsLeft.getAndDecrement() <= 0) {
      throw new StorageException("store gone");
    }
    long deleted = engine.deleteRecords(queue, keys);
    operations.add(new Operation("delete", List.copyOf(keys), System.nanoTime()));
    return deleted;
  }

  @Override
  public List<String> storeRecords(Queue queue, List<NewRecord> records) {
    return engine.storeRecords(queue, records);
  }

  @Override
  public long queueSize(Queue queue) {
    return engine.queueSize(queue);
  }

  @Override
  public void storeAndDelete(
      Queue target, List<NewRecord> records, Queue source, Collection<String> keys) {
    engine.storeAndDelete(target, records, source, keys);
  }

  @Override
  public Map<Queue, Long> enforceBound() {
    return engine.enforceBound();
  }

  @Override
  public boolean isReachable() {
    return engine.isReachable();
  }

  @Override
  public void close() {
    engine.close();
  }
}
