package io.chouette.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.chouette.core.aggregate.DatadogWrapper;
import io.chouette.core.aggregate.MetricsMerger;
import io.chouette.core.aggregate.SimpleWrapper;
import io.chouette.core.config.AggregatorConfig;
import io.chouette.core.metric.MergedMetric;
import io.chouette.core.metric.RawMetricParser;
import io.chouette.core.metric.RawRecord;
import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.metric.WrappedMetricCodec;
import java.time.Duration;

/**
 * Coverage-guided fuzzing of raw-record handling: any text read from the raw queue is either a
 * sample or a rejection with a reason; samples merge and wrap into finite series whose JSON reads
 * back. Nothing throws. Runs as {@link DogStatsdFuzzTest} does.
 */
class RawRecordFuzzTest {

  private static final AggregatorConfig CONFIG =
      new AggregatorConfig(
          Duration.ofSeconds(10),
          Duration.ofHours(4),
          "datadog",
          AggregatorConfig.KNOWN_AGGREGATES,
          AggregatorConfig.DEFAULT_PERCENTILES);

  @FuzzTest(maxDuration = "10s")
  void anyRecordIsASampleOrARejection(FuzzedDataProvider data) {
    MetricsMerger merger = new MetricsMerger();
    while (data.remainingBytes() > 0) {
      RawRecord record = RawMetricParser.parse(data.consumeString(512));
      assertThat(record).isNotNull();
      if (record instanceof RawRecord.Sample sample) {
        assertThat(Double.isFinite(sample.timestamp())).isTrue();
        merger.add(sample);
      } else {
        assertThat(((RawRecord.Rejected) record).reason()).isNotBlank();
      }
    }
    for (MergedMetric merged : merger.merged()) {
      for (WrappedMetric series : new DatadogWrapper(CONFIG).wrap(merged)) {
        assertThat(WrappedMetricCodec.parse(WrappedMetricCodec.toJson(series))).isPresent();
      }
      new SimpleWrapper(CONFIG).wrap(merged);
    }
  }
}
