package io.chouette.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.metric.WrappedMetricCodec;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NewRecordTest {

  static Stream<Arguments> points() {
    return Stream.of(
        Arguments.of("finite", 1000.0, 1.5, true),
        Arguments.of("NaN value", 1000.0, Double.NaN, false),
        Arguments.of("infinite value", 1000.0, Double.POSITIVE_INFINITY, false),
        Arguments.of("NaN timestamp", Double.NaN, 1.5, false),
        Arguments.of("infinite timestamp", Double.NEGATIVE_INFINITY, 1.5, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("points")
  void onlyFinitePointsBecomeRecords(String name, double timestamp, double value, boolean kept) {
    WrappedMetric point = WrappedMetric.gauge("temp", List.of("a:b"), timestamp, value);

    List<NewRecord> records = NewRecord.ofWrapped(List.of(point));

    if (kept) {
      assertThat(records)
          .containsExactly(new NewRecord(timestamp, WrappedMetricCodec.toJson(point)));
    } else {
      assertThat(records).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("points")
  void recordsKeepTheOrderOfTheirPoints(String name, double timestamp, double value, boolean kept) {
    WrappedMetric first = WrappedMetric.gauge("a", List.of(), 1, 1);
    WrappedMetric last = WrappedMetric.gauge("z", List.of(), 2, 2);

    List<NewRecord> records =
        NewRecord.ofWrapped(
            List.of(first, WrappedMetric.gauge("m", List.of(), timestamp, value), last));

    assertThat(records).hasSize(kept ? 3 : 2);
    assertThat(records.get(0).json()).isEqualTo(WrappedMetricCodec.toJson(first));
    assertThat(records.get(records.size() - 1).json()).isEqualTo(WrappedMetricCodec.toJson(last));
  }
}
