package io.chouette.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.chouette.core.dogstatsd.DogStatsdBuckets;
import io.chouette.core.dogstatsd.DogStatsdLine;
import io.chouette.core.dogstatsd.DogStatsdParser;
import io.chouette.core.dogstatsd.DogStatsdTotals;
import io.chouette.core.dogstatsd.DogStatsdType;
import io.chouette.core.metric.MergedMetric;
import io.chouette.core.metric.MetricType;
import io.chouette.core.testing.MutableClock;
import java.time.Duration;
import java.util.List;

/**
 * Coverage-guided fuzzing of the DogStatsD path: any datagram, parsed line by line and aggregated
 * into bounded buckets, never throws; every line is counted as a metric, an event, a service check
 * or a parse error; every sample is aggregated or counted as dropped; and the contexts held in all
 * undrained buckets together never exceed {@code DOGSTATSD_MAX_CONTEXTS}.
 *
 * <p>{@code mvn test} runs it for a short fixed time (JAZZER_FUZZ=1, maxDuration). Longer runs:
 * {@code JAZZER_FUZZ=1 mvn -pl chouette-core surefire:test@fuzz -Dtest=DogStatsdFuzzTest
 * -Djazzer.max_duration=30m}; findings land in src/test/resources as regression inputs.
 */
class DogStatsdFuzzTest {

  private static final int MAX_CONTEXTS = 64;

  /** Histogram values and set members held: 10 per allowed context. */
  private static final int MAX_HELD_SAMPLES = MAX_CONTEXTS * 10;

  private static final int COPIES = 2;

  @FuzzTest(maxDuration = "10s")
  void anyDatagramIsParsedAndAggregatedWithinBounds(byte[] datagram) {
    List<DogStatsdLine> lines = DogStatsdParser.parse(datagram);

    MutableClock clock = MutableClock.atSeconds(1_700_000_005);
    DogStatsdBuckets buckets =
        new DogStatsdBuckets(Duration.ofSeconds(10), MAX_CONTEXTS, false, clock);
    for (int i = 0; i < COPIES; i++) {
      buckets.ingest(datagram, 0, datagram.length);
    }
    assertThat(buckets.liveContexts()).isLessThanOrEqualTo(MAX_CONTEXTS);

    DogStatsdTotals totals = buckets.totals();
    assertThat(totals.packets()).isEqualTo(COPIES);
    assertThat(totals.metricLines()).isEqualTo(COPIES * count(lines, DogStatsdLine.Metric.class));
    assertThat(totals.events()).isEqualTo(COPIES * count(lines, DogStatsdLine.Event.class));
    assertThat(totals.serviceChecks())
        .isEqualTo(COPIES * count(lines, DogStatsdLine.ServiceCheck.class));
    assertThat(totals.parseErrors()).isEqualTo(COPIES * count(lines, DogStatsdLine.Invalid.class));
    assertThat(totals.samples() + totals.droppedSamples()).isEqualTo(COPIES * samples(lines));

    List<MergedMetric> drained = buckets.drainClosed(1_700_100_000, true);
    assertThat(buckets.liveContexts()).isZero();
    long contexts = drained.stream().map(m -> m.name() + m.type() + m.tags()).distinct().count();
    assertThat(contexts).isLessThanOrEqualTo(MAX_CONTEXTS); // all buckets together
    long held = 0;
    for (MergedMetric metric : drained) {
      assertThat(metric.values()).allSatisfy(v -> assertThat(Double.isFinite(v)).isTrue());
      if (metric.type() == MetricType.HISTOGRAM || metric.type() == MetricType.SET) {
        held += metric.values().size() + metric.members().size();
      }
    }
    assertThat(held).isLessThanOrEqualTo(MAX_HELD_SAMPLES);
  }

  private static long count(List<DogStatsdLine> lines, Class<? extends DogStatsdLine> kind) {
    return lines.stream().filter(kind::isInstance).count();
  }

  /** Samples offered: one per packed value, one per set line. */
  private static long samples(List<DogStatsdLine> lines) {
    long samples = 0;
    for (DogStatsdLine line : lines) {
      if (line instanceof DogStatsdLine.Metric) {
        DogStatsdLine.Metric metric = (DogStatsdLine.Metric) line;
        samples += metric.type() == DogStatsdType.SET ? 1 : metric.values().size();
      }
    }
    return samples;
  }
}
