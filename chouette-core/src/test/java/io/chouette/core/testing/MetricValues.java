package io.chouette.core.testing;

import io.chouette.core.metric.WrappedMetric;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Metrics as a map, for assertions that don't depend on the order they came in. */
public final class MetricValues {

  private MetricValues() {}

  /**
   * Each metric's value by {@code name|tag,tag,...}, e.g. {@code
   * "Chouette.k8s.node.fs.inodesFree|node_name:nano"}; two metrics with one key are an error.
   */
  public static Map<String, Double> values(List<WrappedMetric> metrics) {
    return metrics.stream()
        .collect(
            Collectors.toMap(
                m -> m.metric() + "|" + String.join(",", m.tags()), WrappedMetric::value));
  }
}
