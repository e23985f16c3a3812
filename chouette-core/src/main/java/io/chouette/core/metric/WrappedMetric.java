package io.chouette.core.metric;

import java.util.List;
import java.util.Objects;

/**
 * A series point ready to send, as stored in {@code chouette:metrics:wrapped}:
 *
 * <pre>
 * {"metric": "name", "tags": ["k:v"], "points": [[ts, value]], "type": "count",
 *  "interval": 10}
 * </pre>
 *
 * @param metric the metric name
 * @param type {@code count}, {@code gauge} or {@code rate}
 * @param tags {@code "k:v"} strings, sorted
 * @param timestamp unix seconds
 * @param value the point's value
 * @param interval seconds, for count and rate; null otherwise
 */
public record WrappedMetric(
    String metric,
    String type,
    List<String> tags,
    double timestamp,
    double value,
    Integer interval) {

  public WrappedMetric {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(type, "type");
    tags = List.copyOf(tags);
  }

  /** A gauge without interval, as collector plugins produce. */
  public static WrappedMetric gauge(
      String metric, List<String> tags, double timestamp, double value) {
    return new WrappedMetric(metric, "gauge", tags, timestamp, value, null);
  }
}
