package io.chouette.core.aggregate;

import io.chouette.core.metric.MergedMetric;
import io.chouette.core.metric.WrappedMetric;
import java.util.List;

/**
 * Turns the samples of one context in one bucket into the series points to send ({@code
 * METRICS_WRAPPER}). Implementations are pure and thread-safe.
 */
public interface MetricsWrapper {

  /** The series points for {@code metric}; empty when its type is not one this wrapper sends. */
  List<WrappedMetric> wrap(MergedMetric metric);
}
