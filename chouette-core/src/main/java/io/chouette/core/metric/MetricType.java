package io.chouette.core.metric;

import java.util.Locale;
import java.util.Optional;

/**
 * The metric types a raw record may carry ({@code "type"} in chouette-iot-client's JSON). DogStatsD
 * types map onto them: {@code c} count, {@code g} gauge, {@code s} set, {@code h} and {@code ms}
 * histogram, {@code d} distribution ({@code DOGSTATSD_DISTRIBUTIONS=sketch}) or histogram ({@code
 * histogram}).
 */
public enum MetricType {
  COUNT("count"),
  GAUGE("gauge"),
  RATE("rate"),
  SET("set"),
  HISTOGRAM("histogram"),
  /** Aggregated into a sketch per context and bucket, not into series. */
  DISTRIBUTION("distribution");

  private final String wireName;

  MetricType(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in JSON records and Datadog payloads. */
  public String wireName() {
    return wireName;
  }

  /** The type for a raw record's {@code "type"} value, or empty when it is not one we know. */
  public static Optional<MetricType> fromWireName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "count" -> Optional.of(COUNT);
      case "gauge" -> Optional.of(GAUGE);
      case "rate" -> Optional.of(RATE);
      case "set" -> Optional.of(SET);
      case "histogram" -> Optional.of(HISTOGRAM);
      case "distribution" -> Optional.of(DISTRIBUTION);
      default -> Optional.empty();
    };
  }
}
