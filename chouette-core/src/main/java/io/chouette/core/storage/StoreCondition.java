package io.chouette.core.storage;

import io.chouette.core.metric.RawMetric;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Storage actor knows of its store's condition, for health and self-metrics: whether the
 * last bound check found the store full, which kinds of operation failed and were not done since,
 * and the drops and errors not yet written as self-metrics. Owned by one actor; not thread-safe.
 *
 * <p>A fault is keyed by the kind of operation ({@code storeRecords}, {@code collectKeys}, …): it
 * clears when an operation of that kind succeeds, because some faults hit only writes (Redis at its
 * {@code maxmemory} still answers reads). A fault not seen again for {@link #FAULT_MEMORY} is
 * forgotten, so one that is never retried does not stay reported for ever.
 */
final class StoreCondition {

  static final Duration FAULT_MEMORY = Duration.ofMinutes(5);

  /** The health reason while the last bound check had to drop records. */
  static final String STORAGE_FULL = "storage_full";

  private final Map<String, Fault> faults = new LinkedHashMap<>();
  private final Map<Queue, Long> droppedPending = new LinkedHashMap<>();
  private final Map<String, Long> errorsPending = new LinkedHashMap<>();
  private Map<Queue, Long> lastDropped = Map.of();

  private record Fault(String message, long atMillis) {}

  void failed(String operation, String message, long nowMillis) {
    String kind = kind(operation);
    faults.remove(kind); // keep the most recent last
    faults.put(kind, new Fault(message, nowMillis));
    errorsPending.merge(kind, 1L, Long::sum);
  }

  void succeeded(String operation) {
    faults.remove(kind(operation));
  }

  void boundChecked(Map<Queue, Long> dropped) {
    lastDropped = Map.copyOf(dropped);
    dropped.forEach((queue, count) -> droppedPending.merge(queue, count, Long::sum));
  }

  /**
   * The health reasons now: {@code storage_full}, then {@code storage_fault: <kind>: <message>}.
   */
  List<String> reasons(long nowMillis) {
    faults.values().removeIf(fault -> nowMillis - fault.atMillis() > FAULT_MEMORY.toMillis());
    List<String> reasons = new ArrayList<>();
    if (!lastDropped.isEmpty()) {
      reasons.add(STORAGE_FULL);
    }
    faults.forEach((kind, fault) -> reasons.add("storage_fault: " + kind + ": " + fault.message()));
    return reasons;
  }

  Map<Queue, Long> lastDropped() {
    return lastDropped;
  }

  /**
   * The drops ({@code chouette.dropped.<type>} {reason:storage_full}) and errors ({@code
   * chouette.storage.errors} {operation}) not written yet, as raw records; empty when none.
   */
  List<NewRecord> pendingSelfMetrics(double nowSeconds) {
    List<NewRecord> records = new ArrayList<>();
    droppedPending.forEach(
        (queue, count) ->
            records.add(
                count(
                    "chouette.dropped." + queue.dataType(),
                    count,
                    nowSeconds,
                    Map.of("reason", STORAGE_FULL))));
    errorsPending.forEach(
        (kind, count) ->
            records.add(
                count("chouette.storage.errors", count, nowSeconds, Map.of("operation", kind))));
    return records;
  }

  /** The records of {@link #pendingSelfMetrics} are written (or not wanted): count from zero. */
  void clearPending() {
    droppedPending.clear();
    errorsPending.clear();
  }

  private static NewRecord count(String name, long value, double now, Map<String, String> tags) {
    return new NewRecord(now, RawMetric.count(name, value, now, tags).toJson());
  }

  /** {@code "storeRecords chouette:metrics:raw"} → {@code "storeRecords"}. */
  private static String kind(String operation) {
    int space = operation.indexOf(' ');
    return space < 0 ? operation : operation.substring(0, space);
  }
}
