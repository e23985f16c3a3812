package io.chouette.core.aggregate;

import static io.chouette.core.aggregate.Merged.TAGS;
import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.metric.MetricType;
import io.chouette.core.metric.WrappedMetric;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class DatadogWrapperTest {

  private final DatadogWrapper wrapper = new DatadogWrapper(Merged.defaults());

  @Test
  void countIsTheSumAtTheEarliestTimestampWithTheInterval() {
    assertThat(
            wrapper.wrap(
                Merged.numeric(
                    MetricType.COUNT, new double[] {1, 2.5, -0.5}, new double[] {105, 101, 103})))
        .containsExactly(new WrappedMetric("m", "count", TAGS, 101, 3.0, 10));
  }

  @Test
  void countOfOneValue() {
    assertThat(wrapper.wrap(Merged.numeric(MetricType.COUNT, new double[] {7}, new double[] {100})))
        .containsExactly(new WrappedMetric("m", "count", TAGS, 100, 7, 10));
  }

  @Test
  void rateIsTheSumPerSecondOfTheInterval() {
    assertThat(
            wrapper.wrap(
                Merged.numeric(MetricType.RATE, new double[] {5, 15}, new double[] {102, 100})))
        .containsExactly(new WrappedMetric("m", "rate", TAGS, 100, 2.0, 10));
  }

  @Test
  void gaugeIsTheLatestValueAtTheEarliestTimestamp() {
    assertThat(
            wrapper.wrap(
                Merged.numeric(
                    MetricType.GAUGE, new double[] {1, 2, -3.5}, new double[] {100, 108, 104})))
        .containsExactly(WrappedMetric.gauge("m", TAGS, 100, 2));
  }

  @Test
  void gaugeWithEqualTimestampsKeepsTheFirstAsPythonsMax() {
    assertThat(
            wrapper.wrap(
                Merged.numeric(
                    MetricType.GAUGE, new double[] {5, 7, 9}, new double[] {100, 100, 100})))
        .containsExactly(WrappedMetric.gauge("m", TAGS, 100, 5));
  }

  @Test
  void setIsTheNumberOfDistinctMembersSentAsACount() {
    assertThat(
            wrapper.wrap(
                Merged.set(
                    List.of(List.of("alice", "bob"), List.of("bob", "carol")),
                    new double[] {103, 101})))
        .containsExactly(new WrappedMetric("m", "count", TAGS, 101, 3, 10));
  }

  @Test
  void histogramDefaultSeries() {
    List<WrappedMetric> series =
        wrapper.wrap(
            Merged.numeric(
                MetricType.HISTOGRAM,
                new double[] {1, 10, 4, 5, 2, 2},
                new double[] {104, 100, 109, 101, 102, 103}));

    // sorted [1, 2, 2, 4, 5, 10]: avg 24/6, count 6/10, max 10,
    // median at index 2.5 -> (2 + 4) / 2, p95 at index 4.75 -> 5 * 0.25 + 10 * 0.75
    assertThat(series)
        .containsExactly(
            WrappedMetric.gauge("m.avg", TAGS, 100, 4.0),
            new WrappedMetric("m.count", "rate", TAGS, 100, 0.6, 10),
            WrappedMetric.gauge("m.max", TAGS, 100, 10),
            WrappedMetric.gauge("m.median", TAGS, 100, 3.0),
            WrappedMetric.gauge("m.95percentile", TAGS, 100, 8.75));
  }

  @Test
  void histogramAggregatesAndPercentilesAreConfigurable() {
    DatadogWrapper configured =
        new DatadogWrapper(Merged.config(List.of("min", "sum"), List.of(0.5, 0.999)));
    List<WrappedMetric> series =
        configured.wrap(
            Merged.numeric(
                MetricType.HISTOGRAM, new double[] {-1.5, 3, 0.5}, new double[] {100, 101, 102}));

    assertThat(series)
        .extracting(WrappedMetric::metric)
        .containsExactly("m.sum", "m.min", "m.50percentile", "m.99percentile");
    assertThat(series.get(0).value()).isEqualTo(2.0);
    assertThat(series.get(1).value()).isEqualTo(-1.5);
    assertThat(series.get(2).value()).isEqualTo(0.5);
    // sorted [-1.5, 0.5, 3]: index 1.998 -> 0.5 * 0.002 + 3 * 0.998
    assertThat(series.get(3).value()).isCloseTo(2.995, Offset.offset(1e-9));
  }

  @Test
  void histogramOfOneValue() {
    assertThat(
            wrapper.wrap(
                Merged.numeric(MetricType.HISTOGRAM, new double[] {7}, new double[] {100})))
        .extracting(WrappedMetric::value)
        .containsExactly(7.0, 0.1, 7.0, 7.0, 7.0);
  }

  @Test
  void theIntervalIsTheConfiguredOne() {
    DatadogWrapper everyMinute =
        new DatadogWrapper(
            new io.chouette.core.config.AggregatorConfig(
                java.time.Duration.ofSeconds(60),
                java.time.Duration.ofHours(4),
                "datadog",
                io.chouette.core.config.AggregatorConfig.DEFAULT_AGGREGATES,
                List.of()));
    assertThat(
            everyMinute.wrap(
                Merged.numeric(MetricType.RATE, new double[] {120}, new double[] {100})))
        .containsExactly(new WrappedMetric("m", "rate", TAGS, 100, 2.0, 60));
  }
}
