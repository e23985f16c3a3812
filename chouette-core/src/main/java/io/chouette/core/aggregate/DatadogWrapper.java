package io.chouette.core.aggregate;

import io.chouette.core.config.AggregatorConfig;
import io.chouette.core.metric.MergedMetric;
import io.chouette.core.metric.WrappedMetric;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * {@code METRICS_WRAPPER=datadog} (the default): Datadog-like series. Every point carries the
 * earliest timestamp of its bucket.
 *
 * <ul>
 *   <li>count: the sum, type count, with interval;
 *   <li>rate: sum / interval, type rate, with interval;
 *   <li>gauge: the value with the latest timestamp;
 *   <li>set: the number of distinct members, type count, with interval;
 *   <li>histogram: {@code .avg}, {@code .count} (rate: n / interval), {@code .sum}, {@code .min},
 *       {@code .max}, {@code .median} as chosen by {@code HISTOGRAM_AGGREGATES}, and {@code
 *       .<p*100>percentile} for each of {@code HISTOGRAM_PERCENTILES}.
 * </ul>
 */
public final class DatadogWrapper implements MetricsWrapper {

  private final int interval;
  private final List<String> aggregates;
  private final List<Double> percentiles;

  public DatadogWrapper(AggregatorConfig config) {
    this.interval = (int) config.interval().toSeconds();
    this.aggregates = config.histogramAggregates();
    this.percentiles = config.histogramPercentiles();
  }

  @Override
  public List<WrappedMetric> wrap(MergedMetric metric) {
    if (metric.timestamps().isEmpty()) {
      return List.of();
    }
    double timestamp = metric.earliestTimestamp();
    String name = metric.name();
    List<String> tags = metric.tags();
    List<Double> values = metric.values();
    return switch (metric.type()) {
      case COUNT ->
          List.of(new WrappedMetric(name, "count", tags, timestamp, sum(values), interval));
      case RATE ->
          List.of(
              new WrappedMetric(name, "rate", tags, timestamp, sum(values) / interval, interval));
      case GAUGE -> List.of(WrappedMetric.gauge(name, tags, timestamp, latestValue(metric)));
      case SET ->
          List.of(
              new WrappedMetric(
                  name,
                  "count",
                  tags,
                  timestamp,
                  new HashSet<>(metric.members()).size(),
                  interval));
      // distributions reach a wrapper only as histograms (DOGSTATSD_DISTRIBUTIONS=histogram)
      case HISTOGRAM, DISTRIBUTION -> histogram(metric, timestamp);
    };
  }

  /**
   * Histogram series. Values may carry weights (DogStatsD samples sent with a rate: {@code @0.25}
   * stands for 4 samples): a value of weight {@code w} counts as {@code (long) w} samples, as in
   * the Datadog Agent, and adds {@code value * w} to the sum; percentiles interpolate between
   * closest ranks over the values repeated that many times. Raw-queue values weigh 1.
   */
  private List<WrappedMetric> histogram(MergedMetric metric, double timestamp) {
    int n = metric.values().size();
    Integer[] order = new Integer[n];
    long count = 0;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      order[i] = i;
      count += (long) metric.weight(i);
      sum += metric.values().get(i) * metric.weight(i);
    }
    if (count <= 0) {
      return List.of();
    }
    java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> metric.values().get(i)));
    double[] sorted = new double[n];
    long[] cumulative = new long[n];
    long running = 0;
    for (int k = 0; k < n; k++) {
      sorted[k] = metric.values().get(order[k]);
      running += (long) metric.weight(order[k]);
      cumulative[k] = running;
    }
    String name = metric.name();
    List<String> tags = metric.tags();
    List<WrappedMetric> series = new ArrayList<>();
    if (aggregates.contains("avg")) {
      series.add(WrappedMetric.gauge(name + ".avg", tags, timestamp, sum / count));
    }
    if (aggregates.contains("count")) {
      series.add(
          new WrappedMetric(
              name + ".count", "rate", tags, timestamp, (double) count / interval, interval));
    }
    if (aggregates.contains("sum")) {
      series.add(WrappedMetric.gauge(name + ".sum", tags, timestamp, sum));
    }
    if (aggregates.contains("min")) {
      series.add(WrappedMetric.gauge(name + ".min", tags, timestamp, sorted[0]));
    }
    if (aggregates.contains("max")) {
      series.add(WrappedMetric.gauge(name + ".max", tags, timestamp, sorted[n - 1]));
    }
    if (aggregates.contains("median")) {
      series.add(
          WrappedMetric.gauge(
              name + ".median", tags, timestamp, Percentiles.ofWeighted(sorted, cumulative, 0.5)));
    }
    for (double percentile : percentiles) {
      series.add(
          WrappedMetric.gauge(
              name + "." + (int) (percentile * 100) + "percentile",
              tags,
              timestamp,
              Percentiles.ofWeighted(sorted, cumulative, percentile)));
    }
    return series;
  }

  /** The value whose timestamp is the latest; the first of equals. */
  static double latestValue(MergedMetric metric) {
    int latest = 0;
    for (int i = 1; i < metric.timestamps().size(); i++) {
      if (metric.timestamps().get(i) > metric.timestamps().get(latest)) {
        latest = i;
      }
    }
    return metric.values().get(latest);
  }

  static double sum(List<Double> values) {
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum;
  }

  /** {@code METRICS_WRAPPER=datadog}. */
  public static final class Provider implements MetricsWrapperProvider {
    @Override
    public String name() {
      return "datadog";
    }

    @Override
    public MetricsWrapper create(AggregatorConfig config) {
      return new DatadogWrapper(config);
    }
  }
}
