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
 * @param weights for histograms: how many occurrences each value stands for, one per value (a
 *     DogStatsD sample sent with {@code @0.25} stands for 4); empty when every weight is 1, which
 *     is always the case for records from the raw queue. The Datadog Agent counts a weight {@code
 *     w} as {@code (long) w} occurrences and adds {@code value * w} to the sum.
 */
public record MergedMetric(
    String name,
    MetricType type,
    List<String> tags,
    List<Double> values,
    List<String> members,
    List<Double> timestamps,
    List<Double> weights) {

  public MergedMetric {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    tags = List.copyOf(tags);
    values = List.copyOf(values);
    members = List.copyOf(members);
    timestamps = List.copyOf(timestamps);
    weights = List.copyOf(weights);
    if (!weights.isEmpty() && weights.size() != values.size()) {
      throw new IllegalArgumentException(
          "weights: expected none or one per value ("
              + values.size()
              + "), found "
              + weights.size());
    }
  }

  /** Samples that all weigh 1 (no {@code weights}). */
  public MergedMetric(
      String name,
      MetricType type,
      List<String> tags,
      List<Double> values,
      List<String> members,
      List<Double> timestamps) {
    this(name, type, tags, values, members, timestamps, List.of());
  }

  /** The weight of {@code values().get(index)}: 1 unless {@code weights} says otherwise. */
  public double weight(int index) {
    return weights.isEmpty() ? 1.0 : weights.get(index);
  }

  /** The earliest sample timestamp: the timestamp of a {@code datadog}-wrapped point. */
  public double earliestTimestamp() {
    return timestamps.stream().mapToDouble(Double::doubleValue).min().orElse(0);
  }

  /** The latest sample timestamp. */
  public double latestTimestamp() {
    return timestamps.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }
}
