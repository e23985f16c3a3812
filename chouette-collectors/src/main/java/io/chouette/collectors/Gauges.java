package io.chouette.collectors;

import io.chouette.core.metric.WrappedMetric;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the gauges plugins return. Tags are given as name/value pairs and written as sorted {@code
 * "name:value"} strings.
 */
public final class Gauges {

  private Gauges() {}

  /**
   * A gauge named {@code metric}.
   *
   * @param tagPairs {@code name, value, name, value ...}
   */
  public static WrappedMetric gauge(
      String metric, double timestamp, double value, String... tagPairs) {
    if (tagPairs.length % 2 != 0) {
      throw new IllegalArgumentException("tags come in name/value pairs");
    }
    List<String> tags = new ArrayList<>(tagPairs.length / 2);
    for (int i = 0; i < tagPairs.length; i += 2) {
      tags.add(tagPairs[i] + ":" + tagPairs[i + 1]);
    }
    tags.sort(null);
    return WrappedMetric.gauge(metric, tags, timestamp, value);
  }

  /** Unix seconds with millisecond precision. */
  public static double now(java.time.Clock clock) {
    return clock.millis() / 1000.0;
  }
}
