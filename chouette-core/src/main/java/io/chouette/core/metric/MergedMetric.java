package io.chouette.core.metric;

import java.util.List;
import java.util.Objects;

/**
 * All samples of one context (name, type, tags) within one aggregation bucket: what a {@code
 * MetricsWrapper} turns into series.
 *
 * @param name the metric name
 * @param type the metric type
 * @param tags sorted {@code "k:v"} strings (a bare DogStatsD tag keeps its text); the context key
 * @param values numeric samples, one per timestamp (empty for sets)
 * @param members set members in canonical form (empty for other types): see {@link SetMembers}
 * @param timestamps the sample timestamps in unix seconds, one per sample
 */
public record MergedMetric(
    String name,
    MetricType type,
    List<String> tags,
    List<Double> values,
    List<String> members,
    List<Double> timestamps) {

  public MergedMetric {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    tags = List.copyOf(tags);
    values = List.copyOf(values);
    members = List.copyOf(members);
    timestamps = List.copyOf(timestamps);
  }

  /** The earliest sample timestamp (the original's rule for a wrapped point). */
  public double earliestTimestamp() {
    return timestamps.stream().mapToDouble(Double::doubleValue).min().orElse(0);
  }

  /** The latest sample timestamp. */
  public double latestTimestamp() {
    return timestamps.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }
}
