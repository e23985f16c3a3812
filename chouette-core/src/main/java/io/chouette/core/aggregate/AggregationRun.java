package io.chouette.core.aggregate;

import io.chouette.core.metric.RawMetric;
import io.chouette.core.storage.NewRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;

/** The state of one aggregation run, from its tick to its self-metrics; owned by one actor. */
final class AggregationRun {

  private final List<ActorRef<MetricsAggregator.Aggregated>> waiters = new ArrayList<>();
  private int batches;
  private boolean lastBatchFull;
  private List<String> batchKeys = List.of();
  private long records;
  private long series;
  private long sketches;
  private long malformed;
  private long expired;

  /** {@code replyTo} hears how the run ended. */
  void answerTo(ActorRef<MetricsAggregator.Aggregated> replyTo) {
    waiters.add(replyTo);
  }

  void expired(long removed) {
    expired += removed;
  }

  void batchStarted() {
    batches++;
  }

  int batches() {
    return batches;
  }

  void keysSelected(ClosedKeys keys) {
    lastBatchFull = keys.batchFull();
    batchKeys = keys.due();
  }

  /** The raw keys of the batch in progress. */
  List<String> batchKeys() {
    return batchKeys;
  }

  void batchWrapped(int rawRecords, int wrappedSeries, int malformedRecords) {
    records += rawRecords;
    series += wrappedSeries;
    malformed += malformedRecords;
  }

  void seriesStored(int count) {
    series += count;
  }

  void sketchesWrapped(int count) {
    sketches += count;
  }

  /** Whether the last batch was full and this run may take another one. */
  boolean anotherBatchDue(int maxBatches) {
    return lastBatchFull && batches < maxBatches;
  }

  /** Chouette's own counts for this run, as raw records; empty when nothing was read. */
  List<NewRecord> selfMetrics(double now) {
    if (malformed == 0 && expired == 0 && records == 0) {
      return List.of();
    }
    List<NewRecord> self = new ArrayList<>();
    addCount(self, "chouette.aggregated.metrics", records, now);
    addCount(self, "chouette.aggregated.series", series, now);
    addCount(self, "chouette.aggregated.sketches", sketches, now);
    addCount(self, "chouette.dropped.metrics.malformed", malformed, now);
    addCount(self, "chouette.dropped.metrics.expired", expired, now);
    return self;
  }

  private static void addCount(List<NewRecord> self, String name, long value, double now) {
    if (value > 0) {
      self.add(new NewRecord(now, RawMetric.count(name, value, now, Map.of()).toJson()));
    }
  }

  /** One debug line, when the run read or wrote anything. */
  void logSummary(Logger log) {
    if (records > 0 || series > 0 || sketches > 0) {
      log.debug(
          "aggregated {} raw records into {} series and {} sketches ({} malformed, {} expired) in"
              + " {} batches",
          records,
          series,
          sketches,
          malformed,
          expired,
          batches);
    }
  }

  /** Answers everyone waiting for this run. */
  void finished(String failure) {
    MetricsAggregator.Aggregated result =
        new MetricsAggregator.Aggregated(records, series, failure);
    waiters.forEach(waiter -> waiter.tell(result));
  }
}
