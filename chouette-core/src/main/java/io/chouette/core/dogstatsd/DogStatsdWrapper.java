package io.chouette.core.dogstatsd;

import io.chouette.core.aggregate.MetricsWrapper;
import io.chouette.core.config.AggregatorConfig;
import io.chouette.core.metric.MergedMetric;
import io.chouette.core.metric.WrappedMetric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;

/**
 * {@code METRICS_WRAPPER=dogstatsd}: the Datadog Agent's DogStatsD flush, for users who move from
 * the Agent and want identical series (DOGSTATSD.md §10, Agent {@code pkg/metrics/counter.go},
 * {@code gauge.go}, {@code set.go}, {@code histogram.go}).
 *
 * <ul>
 *   <li>count (and rate): {@code rate} = sum / interval, with {@code interval};
 *   <li>gauge: the value with the latest timestamp;
 *   <li>set: the number of distinct members, as a {@code gauge};
 *   <li>histogram: for {@code HISTOGRAM_AGGREGATES} in their order, then {@code
 *       HISTOGRAM_PERCENTILES} ascending: {@code .max}, {@code .min}, {@code .sum}, {@code .avg}
 *       (sum / count) and {@code .median} gauges, {@code .count} as a {@code rate} (count /
 *       interval), {@code .<p>percentile} gauges. A sample of weight {@code w} (1/rate) counts as
 *       {@code (long) w} occurrences and adds {@code value * w} to the sum; the median and the
 *       percentiles are the first sorted value whose running count exceeds {@code (count - 1) / 2}
 *       and {@code (p * count - 1) / 100}, in integer arithmetic.
 * </ul>
 *
 * Every point is stamped with the start of its bucket ({@code floor(ts / interval) * interval}).
 * Non-finite results are never emitted. There is no zero-filling of idle counters.
 */
public final class DogStatsdWrapper implements MetricsWrapper {

  private final long interval;
  private final List<String> aggregates;
  private final int[] percentiles;

  public DogStatsdWrapper(AggregatorConfig config) {
    this.interval = config.interval().toSeconds();
    this.aggregates = config.histogramAggregates();
    // histogram.go parsePercentiles: int(p*100 + 0.5), then sort.Ints.
    this.percentiles =
        config.histogramPercentiles().stream()
            .mapToInt(p -> (int) (p * 100 + 0.5))
            .sorted()
            .toArray();
  }

  @Override
  public List<WrappedMetric> wrap(MergedMetric metric) {
    double timestamp = bucketStart(metric.earliestTimestamp());
    switch (metric.type()) {
      case COUNT:
      case RATE:
        return counter(metric, timestamp);
      case GAUGE:
        return gauge(metric, timestamp);
      case SET:
        return set(metric, timestamp);
      case HISTOGRAM:
      case DISTRIBUTION: // only as histograms (DOGSTATSD_DISTRIBUTIONS=histogram)
        return histogram(metric, timestamp);
      default:
        return List.of();
    }
  }

  private double bucketStart(double timestamp) {
    return Math.floor(timestamp / interval) * interval;
  }

  private List<WrappedMetric> counter(MergedMetric metric, double timestamp) {
    if (metric.values().isEmpty()) {
      return List.of();
    }
    double sum = 0;
    for (double value : metric.values()) {
      sum += value;
    }
    return rate(metric.name(), metric, timestamp, sum / interval);
  }

  private List<WrappedMetric> gauge(MergedMetric metric, double timestamp) {
    List<Double> values = metric.values();
    if (values.isEmpty()) {
      return List.of();
    }
    List<Double> timestamps = metric.timestamps();
    double value = values.get(values.size() - 1);
    if (timestamps.size() == values.size()) {
      double latest = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < values.size(); i++) {
        if (timestamps.get(i) >= latest) {
          latest = timestamps.get(i);
          value = values.get(i);
        }
      }
    }
    return gauge(metric.name(), metric, timestamp, value);
  }

  private List<WrappedMetric> set(MergedMetric metric, double timestamp) {
    int distinct = new HashSet<>(metric.members()).size();
    return distinct == 0 ? List.of() : gauge(metric.name(), metric, timestamp, distinct);
  }

  private List<WrappedMetric> histogram(MergedMetric metric, double timestamp) {
    int n = metric.values().size();
    if (n == 0) {
      return List.of();
    }
    double[] values = new double[n];
    long[] weights = new long[n];
    long count = 0;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double value = metric.values().get(i);
      double weight = metric.weight(i);
      values[i] = value;
      weights[i] = (long) weight; // int64(1 / rate)
      count += weights[i];
      sum += value * weight;
    }
    if (count <= 0) {
      return List.of();
    }
    sortByValue(values, weights);
    String name = metric.name();
    List<WrappedMetric> series = new ArrayList<>(aggregates.size() + percentiles.length);
    for (String aggregate : aggregates) {
      String suffixed = name + "." + aggregate;
      switch (aggregate) {
        case "max":
          series.addAll(gauge(suffixed, metric, timestamp, values[n - 1]));
          break;
        case "min":
          series.addAll(gauge(suffixed, metric, timestamp, values[0]));
          break;
        case "median":
          series.addAll(gauge(suffixed, metric, timestamp, rank(values, weights, (count - 1) / 2)));
          break;
        case "avg":
          series.addAll(gauge(suffixed, metric, timestamp, sum / count));
          break;
        case "sum":
          series.addAll(gauge(suffixed, metric, timestamp, sum));
          break;
        case "count":
          series.addAll(rate(suffixed, metric, timestamp, (double) count / interval));
          break;
        default:
          break; // AggregatorConfig accepts only the names above
      }
    }
    for (int percentile : percentiles) {
      double value = rank(values, weights, (percentile * count - 1) / 100);
      series.addAll(gauge(name + "." + percentile + "percentile", metric, timestamp, value));
    }
    return series;
  }

  /** The first sorted value whose running weight exceeds {@code target}. */
  private static double rank(double[] values, long[] weights, long target) {
    long running = 0;
    for (int i = 0; i < values.length; i++) {
      running += weights[i];
      if (running > target) {
        return values[i];
      }
    }
    return values[values.length - 1];
  }

  private static void sortByValue(double[] values, long[] weights) {
    boolean unit = true;
    for (long weight : weights) {
      unit &= weight == 1;
    }
    if (unit) {
      Arrays.sort(values);
      return;
    }
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
    double[] sortedValues = new double[values.length];
    long[] sortedWeights = new long[values.length];
    for (int i = 0; i < order.length; i++) {
      sortedValues[i] = values[order[i]];
      sortedWeights[i] = weights[order[i]];
    }
    System.arraycopy(sortedValues, 0, values, 0, values.length);
    System.arraycopy(sortedWeights, 0, weights, 0, weights.length);
  }

  private List<WrappedMetric> gauge(
      String name, MergedMetric metric, double timestamp, double value) {
    if (!Double.isFinite(value)) {
      return List.of();
    }
    return List.of(new WrappedMetric(name, "gauge", metric.tags(), timestamp, value, null));
  }

  private List<WrappedMetric> rate(
      String name, MergedMetric metric, double timestamp, double value) {
    if (!Double.isFinite(value)) {
      return List.of();
    }
    return List.of(
        new WrappedMetric(name, "rate", metric.tags(), timestamp, value, (int) interval));
  }
}
