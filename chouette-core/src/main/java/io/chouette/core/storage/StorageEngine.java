package io.chouette.core.storage;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The store behind the Storage actor (DESIGN §3). Every queue is an ordered collection of JSON
 * records, each under a unique key and scored by its timestamp.
 *
 * <p>Implementations are called from one actor on the blocking dispatcher, but must be safe to use
 * from several threads (tests, shutdown hooks). Failures to reach the store are reported as {@link
 * StorageException}; methods never return partial results silently.
 */
public interface StorageEngine extends AutoCloseable {

  /** Removes the records of {@code queue} whose timestamp is older than now − {@code ttl}. */
  long cleanupOutdated(Queue queue, Duration ttl);

  /** The oldest {@code amount} keys (0 = all) with their timestamps, oldest first. */
  List<StoredKey> collectKeys(Queue queue, int amount);

  /**
   * The oldest {@code amount} keys (0 = all) whose timestamp is at or after {@code sinceSeconds},
   * oldest first.
   */
  List<StoredKey> collectKeysSince(Queue queue, double sinceSeconds, int amount);

  /** The records for {@code keys}, in the order of {@code keys}; missing ones are skipped. */
  List<StoredRecord> collectValues(Queue queue, Collection<String> keys);

  /** Removes the records with these keys; returns how many existed. */
  long deleteRecords(Queue queue, Collection<String> keys);

  /** Adds records, each under a new unique key; returns the new keys in order. */
  List<String> storeRecords(Queue queue, List<NewRecord> records);

  /** The number of records in {@code queue}. */
  long queueSize(Queue queue);

  /**
   * Stores {@code records} in {@code target} and deletes {@code keys} from {@code source} in one
   * step: atomic where the engine can be, so a crash between the two neither loses nor duplicates.
   */
  void storeAndDelete(Queue target, List<NewRecord> records, Queue source, Collection<String> keys);

  /**
   * Brings the store back within its bound (STORAGE_MAX_RECORDS, STORAGE_MAX_MB) by removing the
   * oldest records of the wrapped queues, and says how many it removed from each queue (empty when
   * the store was within its bound). Called once per aggregation tick by the Storage actor; the
   * caller counts the drops as {@code reason:storage_full}.
   */
  default Map<Queue, Long> enforceBound() {
    return Map.of();
  }

  /** The bound for the startup log and the health body, e.g. {@code "1000000 records"}. */
  default String describeBound() {
    return "unbounded";
  }

  /** Whether the store answers now (health checks). */
  boolean isReachable();

  @Override
  void close();
}
