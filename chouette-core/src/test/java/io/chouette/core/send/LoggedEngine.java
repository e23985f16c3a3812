package io.chouette.core.send;

import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageEngine;
import io.chouette.core.storage.StorageException;
import io.chouette.core.storage.StoredKey;
import io.chouette.core.storage.StoredRecord;
import io.chouette.core.testing.ForwardingEngine;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A storage engine that writes down the key reads, value reads and deletions made through it. */
final class LoggedEngine extends ForwardingEngine {

  /**
   * One call: {@code keys}, {@code values} or {@code delete}, with the keys it named and when it
   * ended ({@link System#nanoTime()}).
   */
  record Operation(String name, List<String> keys, long endedNanos) {}

  final List<Operation> operations = new CopyOnWriteArrayList<>();
  private final AtomicInteger deletionsLeft = new AtomicInteger(Integer.MAX_VALUE);

  LoggedEngine(StorageEngine engine) {
    super(engine);
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
  public List<StoredKey> collectKeys(Queue queue, int amount) {
    return logKeys(super.collectKeys(queue, amount));
  }

  @Override
  public List<StoredKey> collectKeysSince(Queue queue, double sinceSeconds, int amount) {
    return logKeys(super.collectKeysSince(queue, sinceSeconds, amount));
  }

  @Override
  public List<StoredRecord> collectValues(Queue queue, Collection<String> keys) {
    List<StoredRecord> values = super.collectValues(queue, keys);
    operations.add(new Operation("values", List.copyOf(keys), System.nanoTime()));
    return values;
  }

  @Override
  public long deleteRecords(Queue queue, Collection<String> keys) {
    if (deletionsLeft.getAndDecrement() <= 0) {
      throw new StorageException("store gone");
    }
    long deleted = super.deleteRecords(queue, keys);
    operations.add(new Operation("delete", List.copyOf(keys), System.nanoTime()));
    return deleted;
  }
}
