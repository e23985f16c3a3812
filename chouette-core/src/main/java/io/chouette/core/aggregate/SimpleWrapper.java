package io.chouette.core.aggregate;

import io.chouette.core.config.AggregatorConfig;
import io.chouette.core.metric.MergedMetric;
import io.chouette.core.metric.MetricType;
import io.chouette.core.metric.WrappedMetric;
import java.util.HashSet;
import java.util.List;

/**
 * {@code METRICS_WRAPPER=simple}: two kinds of series only. Every point carries the latest
 * timestamp of its bucket.
 *
 * <ul>
 *   <li>count: the sum, type count, with interval;
 *   <li>anything else: {@code <name>} gauge with the average and {@code <name>.count} count with
 *       the number of samples. For a set the "average" is the number of distinct members.
 * </ul>
 */
public final class SimpleWrapper implements MetricsWrapper {

  private final int interval;

  public SimpleWrapper(AggregatorConfig config) {
    this.interval = (int) config.interval().toSeconds();
  }

  @Override
  public List<WrappedMetric> wrap(MergedMetric metric) {
    if (metric.timestamps().isEmpty()) {
      return List.of();
    }
    double timestamp = metric.latestTimestamp();
    if (metric.type() == MetricType.COUNT) {
      return List.of(
          new WrappedMetric(
              metric.name(),
              "count",
              metric.tags(),
              timestamp,
              DatadogWrapper.sum(metric.values()),
              interval));
    }
    long samples = metric.timestamps().size();
    double sum = DatadogWrapper.sum(metric.values());
    if (!metric.weights().isEmpty()) {
      // DogStatsD samples sent with a rate: a weight w counts as (long) w samples (Agent's rule).
      samples = 0;
      sum = 0;
      for (int i = 0; i < metric.values().size(); i++) {
        samples += (long) metric.weight(i);
        sum += metric.values().get(i) * metric.weight(i);
      }
    }
    double average =
        metric.type() == MetricType.SET ? new HashSet<>(metric.members()).size() : sum / samples;
    return List.of(
        WrappedMetric.gauge(metric.name(), metric.tags(), timestamp, average),
        new WrappedMetric(
            metric.name() + ".count", "count", metric.tags(), timestamp, samples, interval));
  }

  /** {@code METRICS_WRAPPER=simple}. */
  public static final class Provider implements MetricsWrapperProvider {
    @Override
    public String name() {
      return "simple";
    }

    @Override
    public MetricsWrapper create(AggregatorConfig config) {
      return new SimpleWrapper(config);
    }
  }
}
