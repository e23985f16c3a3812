package io.chouette.core.aggregate;

import io.chouette.core.storage.NewRecord;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * DogStatsD series (or sketches) drained from their buckets but not stored yet. They are kept for
 * the next tick when the store fails, up to a cap: beyond it the oldest are dropped, since the
 * buckets they came from are gone. Not thread-safe: it belongs to one actor.
 */
final class PendingSeries {

  private final int max;
  private final String what;
  private final Logger log;
  private List<NewRecord> series = new ArrayList<>();

  PendingSeries(int max, Logger log) {
    this(max, "DogStatsD series", log);
  }

  /** {@code what} names the records in the log line, e.g. "DogStatsD sketches". */
  PendingSeries(int max, String what, Logger log) {
    this.max = max;
    this.what = what;
    this.log = log;
  }

  void add(List<NewRecord> drained) {
    series.addAll(drained);
    if (series.size() > max) {
      int excess = series.size() - max;
      log.warn("store unavailable: dropping the {} oldest {}", excess, what);
      series = new ArrayList<>(series.subList(excess, series.size()));
    }
  }

  boolean isEmpty() {
    return series.isEmpty();
  }

  List<NewRecord> snapshot() {
    return List.copyOf(series);
  }

  /** After the store has taken them. */
  void clear() {
    series = new ArrayList<>();
  }
}
