package io.chouette.core.storage;

import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.metric.WrappedMetricCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A record to store: its timestamp (unix seconds, the sorted-set score) and its JSON text. */
public record NewRecord(double timestamp, String json) {
  public NewRecord {
    Objects.requireNonNull(json, "json");
  }

  /**
   * The records for the wrapped queue, one per point, in order. A point whose value or timestamp is
   * not a finite number is left out: JSON has no NaN or infinity, and Datadog would reject the
   * whole payload that carried it.
   */
  public static List<NewRecord> ofWrapped(List<WrappedMetric> metrics) {
    List<NewRecord> records = new ArrayList<>(metrics.size());
    for (WrappedMetric metric : metrics) {
      if (Double.isFinite(metric.value()) && Double.isFinite(metric.timestamp())) {
        records.add(new NewRecord(metric.timestamp(), WrappedMetricCodec.toJson(metric)));
      }
    }
    return records;
  }
}
