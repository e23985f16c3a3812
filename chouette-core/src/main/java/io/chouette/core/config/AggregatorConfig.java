package io.chouette.core.config;

import java.time.Duration;
import java.util.List;

/**
 * The MetricsAggregator's settings.
 *
 * @param interval {@code AGGREGATE_INTERVAL}: bucket length and tick period (default 10 s)
 * @param metricTtl {@code METRIC_TTL}: raw metrics older than this are dropped (default 14400 s)
 * @param wrapper {@code METRICS_WRAPPER}: the wrapper's name (default {@code datadog})
 * @param histogramAggregates {@code HISTOGRAM_AGGREGATES} (default max, median, avg, count)
 * @param histogramPercentiles {@code HISTOGRAM_PERCENTILES} (default 0.95)
 */
public record AggregatorConfig(
    Duration interval,
    Duration metricTtl,
    String wrapper,
    List<String> histogramAggregates,
    List<Double> histogramPercentiles) {

  public static final List<String> DEFAULT_AGGREGATES = List.of("max", "median", "avg", "count");
  public static final List<String> KNOWN_AGGREGATES =
      List.of("max", "min", "median", "avg", "sum", "count");
  public static final List<Double> DEFAULT_PERCENTILES = List.of(0.95);

  public AggregatorConfig {
    histogramAggregates = List.copyOf(histogramAggregates);
    histogramPercentiles = List.copyOf(histogramPercentiles);
  }

  static AggregatorConfig read(EnvReader env) {
    Duration interval = env.positiveSeconds("AGGREGATE_INTERVAL", 10);
    Duration ttl = env.positiveSeconds("METRIC_TTL", 14400);
    String wrapper = env.string("METRICS_WRAPPER", "datadog");
    if (wrapper.isBlank()) {
      env.problem("METRICS_WRAPPER", "a wrapper name", wrapper);
    }
    List<String> aggregates = env.stringList("HISTOGRAM_AGGREGATES", DEFAULT_AGGREGATES);
    for (String aggregate : aggregates) {
      if (!KNOWN_AGGREGATES.contains(aggregate)) {
        env.problem(
            "HISTOGRAM_AGGREGATES",
            "a JSON list of " + KNOWN_AGGREGATES,
            env.raw("HISTOGRAM_AGGREGATES"));
        aggregates = DEFAULT_AGGREGATES;
        break;
      }
    }
    List<Double> percentiles = env.numberList("HISTOGRAM_PERCENTILES", DEFAULT_PERCENTILES);
    for (double percentile : percentiles) {
      if (!(percentile > 0 && percentile < 1)) {
        env.problem(
            "HISTOGRAM_PERCENTILES",
            "a JSON list of numbers between 0 and 1",
            env.raw("HISTOGRAM_PERCENTILES"));
        percentiles = DEFAULT_PERCENTILES;
        break;
      }
    }
    return new AggregatorConfig(interval, ttl, wrapper, aggregates, percentiles);
  }
}
