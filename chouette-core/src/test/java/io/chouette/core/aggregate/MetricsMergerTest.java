package io.chouette.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.metric.MergedMetric;
import io.chouette.core.metric.MetricType;
import io.chouette.core.metric.RawMetricParser;
import io.chouette.core.metric.RawRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsMergerTest {

  private static RawRecord.Sample sample(String json) {
    return (RawRecord.Sample) RawMetricParser.parse(json);
  }

  @Test
  void everySampleOfAContextMergesEvenWhenInterleaved() {
    MetricsMerger merger = new MetricsMerger();
    merger.add(
        sample(
            "{\"metric\":\"a\",\"type\":\"count\",\"value\":1,\"timestamp\":101,\"tags\":{\"x\":\"1\",\"y\":\"2\"}}"));
    merger.add(sample("{\"metric\":\"b\",\"type\":\"count\",\"value\":5,\"timestamp\":102}"));
    merger.add(
        sample(
            "{\"metric\":\"a\",\"type\":\"count\",\"value\":2,\"timestamp\":103,\"tags\":{\"y\":\"2\",\"x\":\"1\"}}"));
    merger.add(
        sample(
            "{\"metric\":\"a\",\"type\":\"gauge\",\"value\":9,\"timestamp\":104,\"tags\":{\"x\":\"1\",\"y\":\"2\"}}"));
    merger.add(
        sample("{\"metric\":\"a\",\"type\":\"count\",\"value\":3,\"timestamp\":105,\"tags\":{}}"));

    assertThat(merger.merged())
        .containsExactly(
            new MergedMetric(
                "a",
                MetricType.COUNT,
                List.of("x:1", "y:2"),
                List.of(1.0, 2.0),
                List.of(),
                List.of(101.0, 103.0)),
            new MergedMetric(
                "b", MetricType.COUNT, List.of(), List.of(5.0), List.of(), List.of(102.0)),
            new MergedMetric(
                "a",
                MetricType.GAUGE,
                List.of("x:1", "y:2"),
                List.of(9.0),
                List.of(),
                List.of(104.0)),
            new MergedMetric(
                "a", MetricType.COUNT, List.of(), List.of(3.0), List.of(), List.of(105.0)));
  }

  @Test
  void bucketsAreFloorOfTimestampOverInterval() {
    assertThat(MetricsMerger.bucketOf(9.99, 10)).isEqualTo(0);
    assertThat(MetricsMerger.bucketOf(10, 10)).isEqualTo(1);
    assertThat(MetricsMerger.bucketOf(1600000019.5, 10)).isEqualTo(160000001);
  }
}
