package io.chouette.core.dogstatsd;

import io.chouette.core.storage.NewRecord;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Events or service checks received but not stored yet, oldest first, at most {@code max}: the
 * receiving thread adds, the DogStatsdServer stores them and then removes exactly what the store
 * took. A record that finds the list full is refused (the caller counts it). Thread-safe.
 */
public final class PendingRecords {

  private final int max;
  private final ArrayDeque<NewRecord> records = new ArrayDeque<>();

  public PendingRecords(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be positive");
    }
    this.max = max;
  }

  /** Adds a record; false when the list is full and the record was dropped. */
  public synchronized boolean offer(NewRecord record) {
    if (records.size() >= max) {
      return false;
    }
    records.addLast(record);
    return true;
  }

  /** Every record waiting, oldest first; they stay until {@link #removeOldest}. */
  public synchronized List<NewRecord> peekAll() {
    return List.copyOf(records);
  }

  /** Removes the {@code n} oldest records: those a {@link #peekAll} returned and the store took. */
  public synchronized void removeOldest(int n) {
    for (int i = 0; i < n && !records.isEmpty(); i++) {
      records.pollFirst();
    }
  }

  public synchronized int size() {
    return records.size();
  }
}
