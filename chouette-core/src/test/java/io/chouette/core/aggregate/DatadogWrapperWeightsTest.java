package io.chouette.core.aggregate;

import static io.chouette.core.aggregate.Merged.TAGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.chouette.core.config.AggregatorConfig;
import io.chouette.core.metric.MergedMetric;
import io.chouette.core.metric.MetricType;
import io.chouette.core.metric.WrappedMetric;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The datadog wrapper on histograms whose values carry weights (DogStatsD samples sent with a
 * sample rate, {@link MergedMetric#weights()}).
 */
class DatadogWrapperWeightsTest {

  private static final List<String> ALL = List.of("avg", "count", "sum", "min", "max", "median");
  private final DatadogWrapper wrapper =
      new DatadogWrapper(Merged.config(ALL, List.of(0.25, 0.95)));

  private static MergedMetric histogram(List<Double> values, List<Double> weights) {
    return new MergedMetric(
        "m",
        MetricType.HISTOGRAM,
        TAGS,
        values,
        List.of(),
        Collections.nCopies(values.size(), 100.0),
        weights);
  }

  @Test
  void aWeightedValueCountsAsThatManySamples() {
    // 1 with weight 3 and 10 with weight 1 are the samples [1, 1, 1, 10]
    List<WrappedMetric> weighted = wrapper.wrap(histogram(List.of(10.0, 1.0), List.of(1.0, 3.0)));
    List<WrappedMetric> repeated =
        wrapper.wrap(histogram(List.of(1.0, 1.0, 1.0, 10.0), List.of()));
    assertThat(weighted).isEqualTo(repeated);
    assertThat(weighted)
        .extracting(WrappedMetric::metric, WrappedMetric::value)
        .contains(
            tuple("m.count", 0.4),
            tuple("m.avg", 13.0 / 4),
            tuple("m.median", 1.0),
            tuple(
                "m.95percentile", 1 * (3 - 3 * 0.95) + 10 * (3 * 0.95 - 2)));
  }

  @Test
  void unitWeightsGiveTheUnweightedSeries() {
    Random random = new Random(5);
    for (int round = 0; round < 200; round++) {
      List<Double> values = new ArrayList<>();
      for (int i = 0, n = 1 + random.nextInt(30); i < n; i++) {
        values.add((double) (random.nextInt(2001) - 1000)); // integers: sums are exact
      }
      assertThat(wrapper.wrap(histogram(values, Collections.nCopies(values.size(), 1.0))))
          .isEqualTo(wrapper.wrap(histogram(values, List.of())));
    }
  }

  @Test
  void weightsCountAsTheAgentDoesTruncatedForTheCountNotForTheSum() {
    // one sample of 3 sent with @0.3: int64(1/0.3) = 3 occurrences, sum 3 * 3.33
    double weight = 1 / 0.3;
    List<WrappedMetric> series = wrapper.wrap(histogram(List.of(3.0), List.of(weight)));
    assertThat(series)
        .extracting(WrappedMetric::metric, WrappedMetric::value)
        .contains(
            tuple("m.count", 0.3),
            tuple("m.sum", 3 * weight),
            tuple("m.avg", 3 * weight / 3));
  }

  @Test
  void defaultSeriesKeepTheirOrderWithWeights() {
    DatadogWrapper defaults = new DatadogWrapper(Merged.defaults());
    assertThat(defaults.wrap(histogram(List.of(4.0, 4.0), List.of(2.0, 2.0))))
        .containsExactly(
            WrappedMetric.gauge("m.avg", TAGS, 100, 4.0),
            new WrappedMetric("m.count", "rate", TAGS, 100, 0.4, 10),
            WrappedMetric.gauge("m.max", TAGS, 100, 4.0),
            WrappedMetric.gauge("m.median", TAGS, 100, 4.0),
            WrappedMetric.gauge("m.95percentile", TAGS, 100, 4.0));
    assertThat(AggregatorConfig.DEFAULT_AGGREGATES).containsExactly("max", "median", "avg", "count");
  }
}
