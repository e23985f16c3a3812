package io.chouette.core.storage;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

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

  /** Whether the store answers now (health checks). */
  boolean isReachable();

  @Override
  void close();
}
