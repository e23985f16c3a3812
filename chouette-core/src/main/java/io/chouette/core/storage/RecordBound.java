package io.chouette.core.storage;

import io.chouette.core.config.EnvReader;
import java.util.List;
import java.util.Map;

/**
 * {@code STORAGE_MAX_RECORDS}: how many records the queues Chouette writes (every queue but the raw
 * one, which belongs to the client library) may hold together in the {@code memory} and {@code
 * redis} engines. Past it the oldest records are dropped ({@link StorageEngine#enforceBound()}).
 */
public final class RecordBound {

  public static final String ENV = "STORAGE_MAX_RECORDS";

  /** About 22 MiB of heap in the memory engine: fits the image's {@code -Xmx64m}. */
  public static final int DEFAULT = 1_000_000;

  /** The queues the bound covers: {@link Queue#ALL} without the raw metrics. */
  public static final List<Queue> QUEUES =
      Queue.ALL.stream().filter(queue -> !queue.equals(Queue.RAW_METRICS)).toList();

  private RecordBound() {}

  /**
   * Reads {@value #ENV} (an integer of at least 1); throws {@link
   * io.chouette.core.config.ConfigException} on a bad value.
   */
  public static int fromEnv(Map<String, String> env) {
    EnvReader reader = new EnvReader(env);
    int maxRecords = reader.integer(ENV, DEFAULT, 1);
    reader.throwIfProblems();
    return maxRecords;
  }

  /** For {@link StorageEngine#describeBound()}. */
  public static String describe(long maxRecords) {
    return maxRecords + " records";
  }
}
