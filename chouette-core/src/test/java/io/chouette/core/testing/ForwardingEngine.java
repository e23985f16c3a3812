package io.chouette.core.testing;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageEngine;
import io.chouette.core.storage.StoredKey;
import io.chouette.core.storage.StoredRecord;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** A store that forwards to another; tests override one method to inject a failure or a delay. */
public class ForwardingEngine implements StorageEngine {
  private final StorageEngine delegate;

  public ForwardingEngine(StorageEngine delegate) {
    this.delegate = delegate;
  }

  @Override
  public long cleanupOutdated(Queue queue, Duration ttl) {
    return delegate.cleanupOutdated(queue, ttl);
  }

  @Override
  public List<StoredKey> collectKeys(Queue queue, int amount) {
    return delegate.collectKeys(queue, amount);
  }

  @Override
  public List<StoredKey> collectKeysSince(Queue queue, double sinceSeconds, int amount) {
    return delegate.collectKeysSince(queue, sinceSeconds, amount);
  }

  @Override
  public List<StoredRecord> collectValues(Queue queue, Collection<String> keys) {
    return delegate.collectValues(queue, keys);
  }

  @Override
  public long deleteRecords(Queue queue, Collection<String> keys) {
    return delegate.deleteRecords(queue, keys);
  }

  @Override
  public List<String> storeRecords(Queue queue, List<NewRecord> records) {
    return delegate.storeRecords(queue, records);
  }

  @Override
  public long queueSize(Queue queue) {
    return delegate.queueSize(queue);
  }

  @Override
  public void storeAndDelete(
      Queue target, List<NewRecord> records, Queue source, Collection<String> keys) {
    delegate.storeAndDelete(target, records, source, keys);
  }

  @Override
  public Map<Queue, Long> enforceBound() {
    return delegate.enforceBound();
  }

  @Override
  public String describeBound() {
    return delegate.describeBound();
  }

  @Override
  public boolean isReachable() {
    return delegate.isReachable();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
