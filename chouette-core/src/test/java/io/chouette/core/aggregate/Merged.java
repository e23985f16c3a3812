package io.chouette.core.aggregate;

import io.chouette.core.config.AggregatorConfig;
import io.chouette.core.metric.MergedMetric;
import io.chouette.core.metric.MetricType;
import io.chouette.core.metric.SetMembers;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Builders for wrapper tests. */
final class Merged {
  private Merged() {}

  static final List<String> TAGS = List.of("env:test", "host:pi");

  static AggregatorConfig config(List<String> aggregates, List<Double> percentiles) {
    return new AggregatorConfig(
        Duration.ofSeconds(10), Duration.ofHours(4), "datadog", aggregates, percentiles);
  }

  static AggregatorConfig defaults() {
    return config(AggregatorConfig.DEFAULT_AGGREGATES, AggregatorConfig.DEFAULT_PERCENTILES);
  }

  static MergedMetric numeric(MetricType type, double[] values, double[] timestamps) {
    return new MergedMetric(
        "m",
        type,
        TAGS,
        Arrays.stream(values).boxed().toList(),
        List.of(),
        Arrays.stream(timestamps).boxed().toList());
  }

  static MergedMetric set(List<List<String>> memberLists, double[] timestamps) {
    List<String> members =
        memberLists.stream().flatMap(List::stream).map(SetMembers::ofString).toList();
    return new MergedMetric(
        "m", MetricType.SET, TAGS, List.of(), members, Arrays.stream(timestamps).boxed().toList());
  }
}
