package io.chouette.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.chouette.core.dogstatsd.DogStatsdBuckets;
import io.chouette.core.dogstatsd.DogStatsdLine;
import io.chouette.core.dogstatsd.DogStatsdParser;
import io.chouette.core.metric.MergedMetric;
import io.chouette.core.testing.MutableClock;
import java.time.Duration;
import java.util.List;

/**
 * Coverage-guided fuzzing of the DogStatsD path: any datagram, parsed line by line and aggregated
 * into bounded buckets, never throws and never holds more contexts than the bound.
 *
 * <p>{@code mvn test} runs it for a short fixed time (JAZZER_FUZZ=1, maxDuration). Longer runs:
 * {@code JAZZER_FUZZ=1 mvn -pl chouette-core surefire:test@fuzz -Dtest=DogStatsdFuzzTest
 * -Djazzer.max_duration=30m}; findings land in src/test/resources as regression inputs.
 */
class DogStatsdFuzzTest {

  private static final int MAX_CONTEXTS = 64;

  @FuzzTest(maxDuration = "10s")
  void anyDatagramIsParsedAndAggregatedWithinBounds(byte[] datagram) {
    List<DogStatsdLine> lines = DogStatsdParser.parse(datagram);
    assertThat(lines).isNotNull();

    MutableClock clock = MutableClock.atSeconds(1_700_000_005);
    DogStatsdBuckets buckets =
        new DogStatsdBuckets(Duration.ofSeconds(10), MAX_CONTEXTS, false, clock);
    buckets.ingest(datagram, 0, datagram.length);
    buckets.ingest(datagram, 0, datagram.length);
    List<MergedMetric> drained = buckets.drainClosed(1_700_100_000, true);
    long contexts = drained.stream().map(m -> m.name() + m.type() + m.tags()).distinct().count();
    assertThat(contexts).isLessThanOrEqualTo(MAX_CONTEXTS * 2L); // per bucket; at most two buckets
    for (MergedMetric metric : drained) {
      assertThat(metric.values()).allSatisfy(v -> assertThat(Double.isFinite(v)).isTrue());
    }
  }
}
