package io.chouette.core.dogstatsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.chouette.core.aggregate.MetricsWrapperProvider;
import io.chouette.core.config.AggregatorConfig;
import io.chouette.core.metric.MergedMetric;
import io.chouette.core.metric.MetricType;
import io.chouette.core.metric.WrappedMetric;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The Agent's flush rules, checked against the Agent's own test cases (histogram_test.go). */
class DogStatsdWrapperTest {

  private static final double T = 1_600_000_000;

  private static AggregatorConfig config(
      int interval, List<String> aggregates, List<Double> percentiles) {
    return new AggregatorConfig(
        Duration.ofSeconds(interval), Duration.ofHours(4), "dogstatsd", aggregates, percentiles);
  }

  private final DogStatsdWrapper wrapper =
      new DogStatsdWrapper(
          config(10, AggregatorConfig.DEFAULT_AGGREGATES, AggregatorConfig.DEFAULT_PERCENTILES));

  private static MergedMetric histogram(List<Double> values, List<Double> weights) {
    return new MergedMetric(
        "h",
        MetricType.HISTOGRAM,
        List.of("env:test"),
        values,
        List.of(),
        Collections.nCopies(values.size(), T),
        weights);
  }

  @Test
  void histogramDefaultsAsTestDefaultHistogramSampling() {
    List<WrappedMetric> series =
        wrapper.wrap(histogram(List.of(1.0, 10.0, 4.0, 5.0, 2.0, 2.0), List.of()));
    assertThat(series)
        .extracting(
            WrappedMetric::metric,
            WrappedMetric::type,
            WrappedMetric::value,
            WrappedMetric::interval)
        .containsExactly(
            tuple("h.max", "gauge", 10.0, null),
            tuple("h.median", "gauge", 2.0, null),
            tuple("h.avg", "gauge", 4.0, null),
            tuple("h.count", "rate", 0.6, 10),
            tuple("h.95percentile", "gauge", 10.0, null));
    assertThat(series).allMatch(s -> s.timestamp() == T && s.tags().equals(List.of("env:test")));
  }

  @Test
  void histogramWeightsAsTestHistogramSampleRate() {
    // 1, 2@0.5, 3@0.2, 10@0.5
    List<WrappedMetric> series =
        wrapper.wrap(histogram(List.of(1.0, 2.0, 3.0, 10.0), List.of(1.0, 2.0, 5.0, 2.0)));
    assertThat(series)
        .extracting(WrappedMetric::metric, WrappedMetric::value)
        .containsExactly(
            tuple("h.max", 10.0),
            tuple("h.median", 3.0),
            tuple("h.avg", 4.0),
            tuple("h.count", 1.0),
            tuple("h.95percentile", 10.0));
  }

  @Test
  void weightsTruncateForTheCountButNotForTheSum() {
    // 3@0.3: the Agent counts int64(1/0.3) = 3 occurrences but sums 3 * 3.33
    List<WrappedMetric> series =
        new DogStatsdWrapper(config(10, List.of("avg", "sum", "count"), List.of()))
            .wrap(histogram(List.of(3.0), List.of(1 / 0.3)));
    assertThat(series)
        .extracting(WrappedMetric::metric, WrappedMetric::value)
        .containsExactly(
            tuple("h.avg", 3 * (1 / 0.3) / 3),
            tuple("h.sum", 3 * (1 / 0.3)),
            tuple("h.count", 0.3));
  }

  @Test
  void aggregatesFollowTheConfiguredOrderThenPercentilesAscending() {
    DogStatsdWrapper configured =
        new DogStatsdWrapper(
            config(
                60,
                List.of("min", "sum", "max", "avg", "count", "median"),
                List.of(0.99, 0.29, 0.5)));
    List<Double> values = List.of(5.0, 1.0, 4.0, 2.0, 3.0);
    assertThat(configured.wrap(histogram(values, List.of())))
        .extracting(WrappedMetric::metric, WrappedMetric::value, WrappedMetric::interval)
        .containsExactly(
            tuple("h.min", 1.0, null),
            tuple("h.sum", 15.0, null),
            tuple("h.max", 5.0, null),
            tuple("h.avg", 3.0, null),
            tuple("h.count", 5.0 / 60, 60),
            tuple("h.median", 3.0, null),
            tuple("h.29percentile", 2.0, null), // target (29*5-1)/100 = 1: second value
            tuple("h.50percentile", 3.0, null),
            tuple("h.99percentile", 5.0, null));
  }

  @Test
  void countersBecomeRatesOverTheInterval() {
    MergedMetric count =
        new MergedMetric(
            "c", MetricType.COUNT, List.of(), List.of(6.0, 4.0), List.of(), List.of(T + 3, T + 7));
    assertThat(wrapper.wrap(count))
        .containsExactly(new WrappedMetric("c", "rate", List.of(), T, 1.0, 10));
    MergedMetric rate =
        new MergedMetric("r", MetricType.RATE, List.of(), List.of(20.0), List.of(), List.of(T + 1));
    assertThat(wrapper.wrap(rate))
        .containsExactly(new WrappedMetric("r", "rate", List.of(), T, 2.0, 10));
  }

  @Test
  void gaugesTakeTheLatestTimestampAndTheLastOnATie() {
    MergedMetric gauge =
        new MergedMetric(
            "g",
            MetricType.GAUGE,
            List.of(),
            List.of(1.0, 9.0, 2.0, 3.0),
            List.of(),
            List.of(T + 1, T + 9, T + 9, T + 4));
    assertThat(wrapper.wrap(gauge)).containsExactly(WrappedMetric.gauge("g", List.of(), T, 2.0));
  }

  @Test
  void setsBecomeGaugesOfDistinctMembers() {
    MergedMetric set =
        new MergedMetric(
            "s",
            MetricType.SET,
            List.of(),
            List.of(),
            List.of("s:a", "s:b", "s:a"),
            List.of(T, T, T));
    assertThat(wrapper.wrap(set)).containsExactly(WrappedMetric.gauge("s", List.of(), T, 2.0));
  }

  @Test
  void pointsAreStampedWithTheBucketStartOfTheEarliestSample() {
    MergedMetric gauge =
        new MergedMetric(
            "g",
            MetricType.GAUGE,
            List.of(),
            List.of(1.0, 2.0),
            List.of(),
            List.of(T + 9.5, T + 3.7));
    assertThat(wrapper.wrap(gauge)).extracting(WrappedMetric::timestamp).containsExactly(T);
  }

  @Test
  void emptyAndNonFiniteResultsAreNotEmitted() {
    assertThat(wrapper.wrap(histogram(List.of(), List.of()))).isEmpty();
    assertThat(
            wrapper.wrap(
                new MergedMetric("s", MetricType.SET, List.of(), List.of(), List.of(), List.of())))
        .isEmpty();
    MergedMetric huge =
        new MergedMetric(
            "c", MetricType.COUNT, List.of(), List.of(1e308, 1e308), List.of(), List.of(T, T));
    assertThat(wrapper.wrap(huge)).isEmpty();
  }

  @Test
  void isFoundByServiceLoaderAsDogstatsd() {
    assertThat(ServiceLoader.load(MetricsWrapperProvider.class))
        .filteredOn(provider -> provider.name().equals("dogstatsd"))
        .singleElement()
        .satisfies(
            provider ->
                assertThat(provider.create(config(10, List.of("max"), List.of())))
                    .isInstanceOf(DogStatsdWrapper.class));
  }
}
