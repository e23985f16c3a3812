package io.chouette.core.aggregate;

import static io.chouette.core.aggregate.Merged.TAGS;
import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.metric.MetricType;
import io.chouette.core.metric.WrappedMetric;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimpleWrapperTest {

  private final SimpleWrapper wrapper = new SimpleWrapper(Merged.defaults());

  @Test
  void countIsTheSumAtTheLatestTimestamp() {
    assertThat(
            wrapper.wrap(
                Merged.numeric(
                    MetricType.COUNT, new double[] {1, 2, 3}, new double[] {100, 105, 101})))
        .containsExactly(new WrappedMetric("m", "count", TAGS, 105, 6, 10));
  }

  @Test
  void anythingElseIsAnAverageGaugeAndACount() {
    assertThat(
            wrapper.wrap(
                Merged.numeric(
                    MetricType.GAUGE, new double[] {1, 2, 6}, new double[] {100, 102, 101})))
        .containsExactly(
            WrappedMetric.gauge("m", TAGS, 102, 3.0),
            new WrappedMetric("m.count", "count", TAGS, 102, 3, 10));
    assertThat(
            wrapper.wrap(
                Merged.numeric(
                    MetricType.HISTOGRAM, new double[] {-1, 0.5}, new double[] {100, 100})))
        .containsExactly(
            WrappedMetric.gauge("m", TAGS, 100, -0.25),
            new WrappedMetric("m.count", "count", TAGS, 100, 2, 10));
  }

  @Test
  void aSetAveragesToItsDistinctMembers() {
    assertThat(
            wrapper.wrap(
                Merged.set(List.of(List.of("a", "b"), List.of("b")), new double[] {100, 101})))
        .containsExactly(
            WrappedMetric.gauge("m", TAGS, 101, 2),
            new WrappedMetric("m.count", "count", TAGS, 101, 2, 10));
  }

  @Test
  void weightedHistogramValuesCountAsThatManySamples() {
    // DogStatsD h:2|h|@0.5 and h:5|h: the samples [2, 2, 5]
    assertThat(
            wrapper.wrap(
                new io.chouette.core.metric.MergedMetric(
                    "m",
                    MetricType.HISTOGRAM,
                    TAGS,
                    List.of(2.0, 5.0),
                    List.of(),
                    List.of(100.0, 100.0),
                    List.of(2.0, 1.0))))
        .containsExactly(
            WrappedMetric.gauge("m", TAGS, 100, 3.0),
            new WrappedMetric("m.count", "count", TAGS, 100, 3, 10));
  }
}
