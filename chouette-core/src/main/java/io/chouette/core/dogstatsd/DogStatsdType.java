package io.chouette.core.dogstatsd;

import io.chouette.core.metric.MetricType;

/**
 * The metric types of the DogStatsD datagram format, each with its protocol code (the field after
 * the value, e.g. {@code c} in {@code page.views:1|c}). Codes are matched exactly and
 * case-sensitively, as the Datadog Agent does ({@code parse_metrics.go
 * parseMetricSampleMetricType}).
 *
 * <p>Chouette aggregates {@code ms} (timing) as a histogram, and {@code d} (distribution) as a
 * DDSketch or, with {@code DOGSTATSD_DISTRIBUTIONS=histogram}, as a histogram: {@link
 * #metricType()} is the latter (DOGSTATSD.md, Distributions).
 */
public enum DogStatsdType {
  GAUGE("g", MetricType.GAUGE),
  COUNT("c", MetricType.COUNT),
  HISTOGRAM("h", MetricType.HISTOGRAM),
  TIMING("ms", MetricType.HISTOGRAM),
  SET("s", MetricType.SET),
  DISTRIBUTION("d", MetricType.HISTOGRAM);

  private final String code;
  private final MetricType metricType;

  DogStatsdType(String code, MetricType metricType) {
    this.code = code;
    this.metricType = metricType;
  }

  /** The protocol code: {@code g}, {@code c}, {@code h}, {@code ms}, {@code s} or {@code d}. */
  public String code() {
    return code;
  }

  /** The type Chouette aggregates this as; for {@code d}, with distributions as histograms. */
  public MetricType metricType() {
    return metricType;
  }

  /** Whether a {@code |T} timestamp is accepted with this type (DOGSTATSD.md §11: count, gauge). */
  public boolean acceptsTimestamp() {
    return this == GAUGE || this == COUNT;
  }

  /** The type whose code is {@code b[start, end)} exactly, or null. Allocation-free. */
  static DogStatsdType fromCode(byte[] b, int start, int end) {
    int length = end - start;
    if (length == 1) {
      switch (b[start]) {
        case 'g':
          return GAUGE;
        case 'c':
          return COUNT;
        case 'h':
          return HISTOGRAM;
        case 's':
          return SET;
        case 'd':
          return DISTRIBUTION;
        default:
          return null;
      }
    }
    if (length == 2 && b[start] == 'm' && b[start + 1] == 's') {
      return TIMING;
    }
    return null;
  }
}
