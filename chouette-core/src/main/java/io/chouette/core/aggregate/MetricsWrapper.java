package io.chouette.core.aggregate;

import io.chouette.core.metric.MergedMetric;
import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.storage.NewRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the samples of one context in one bucket into the series points to send ({@code
 * METRICS_WRAPPER}). Implementations are pure and thread-safe.
 */
public interface MetricsWrapper {

  /** The series points for {@code metric}; empty when its type is not one this wrapper sends. */
  List<WrappedMetric> wrap(MergedMetric metric);

  /** The records to store for {@code merged}, as {@link NewRecord#ofWrapped} keeps them. */
  default List<NewRecord> wrapAll(List<MergedMetric> merged) {
    List<NewRecord> records = new ArrayList<>();
    for (MergedMetric metric : merged) {
      records.addAll(NewRecord.ofWrapped(wrap(metric)));
    }
    return records;
  }
}
