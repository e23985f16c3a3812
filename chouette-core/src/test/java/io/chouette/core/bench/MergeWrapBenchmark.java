package io.chouette.core.bench;

import io.chouette.core.aggregate.DatadogWrapper;
import io.chouette.core.aggregate.MetricsMerger;
import io.chouette.core.config.AggregatorConfig;
import io.chouette.core.metric.MergedMetric;
import io.chouette.core.metric.RawMetricParser;
import io.chouette.core.metric.RawRecord;
import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.metric.WrappedMetricCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parse + merge + wrap + serialise throughput of one batch of raw records (the aggregator's CPU
 * work per batch, without the store). Run:
 *
 * <pre>
 * java -cp "$(cat cp.txt):chouette-core/target/classes:chouette-core/target/test-classes" \
 *     org.openjdk.jmh.Main MergeWrapBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MergeWrapBenchmark {

  static final int RECORDS = 10_000;

  private List<String> batch;
  private DatadogWrapper wrapper;

  @Setup
  public void setUp() {
    batch = new ArrayList<>(RECORDS);
    for (int i = 0; i < RECORDS; i++) {
      String type = (i % 3 == 0) ? "histogram" : (i % 3 == 1) ? "count" : "gauge";
      batch.add(
          "{\"metric\": \"bench."
              + type
              + "\", \"type\": \""
              + type
              + "\", \"value\": "
              + (i % 97)
              + ", \"timestamp\": "
              + (1600000000 + i * 0.001)
              + ", \"tags\": {\"ctx\": \"c"
              + (i % 33)
              + "\", \"env\": \"bench\"}}");
    }
    AggregatorConfig config =
        new AggregatorConfig(
            Duration.ofSeconds(10),
            Duration.ofHours(4),
            "datadog",
            AggregatorConfig.DEFAULT_AGGREGATES,
            AggregatorConfig.DEFAULT_PERCENTILES);
    wrapper = new DatadogWrapper(config);
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void parseMergeWrap(Blackhole hole) {
    MetricsMerger merger = new MetricsMerger();
    for (String json : batch) {
      if (RawMetricParser.parse(json) instanceof RawRecord.Sample sample) {
        merger.add(sample);
      }
    }
    for (MergedMetric merged : merger.merged()) {
      for (WrappedMetric series : wrapper.wrap(merged)) {
        hole.consume(WrappedMetricCodec.toJson(series));
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void parseOnly(Blackhole hole) {
    for (String json : batch) {
      hole.consume(RawMetricParser.parse(json));
    }
  }
}
