package io.chouette.core.dogstatsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.event.Event;
import io.chouette.core.event.EventCodec;
import io.chouette.core.event.ServiceCheck;
import io.chouette.core.event.ServiceCheckCodec;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Events and service checks received by the buckets wait, bounded, for the server to store them.
 */
class PendingEventsTest {

  private static final long T0 = 1_700_000_005L;

  private final MutableClock clock = MutableClock.atSeconds(T0 + 0.7);
  private final DogStatsdBuckets buckets =
      new DogStatsdBuckets(Duration.ofSeconds(10), 100, true, clock, 2);

  private void ingest(String datagram) {
    byte[] b = datagram.getBytes(StandardCharsets.UTF_8);
    buckets.ingest(b, 0, b.length);
  }

  @Test
  void eventsAndChecksWaitAsRecordsScoredByTheirOwnTimestamp() {
    ingest("_e{1,1}:a|b|d:1600000000\n_sc|c|1|m:slow\nm:1|c");

    List<NewRecord> events = buckets.pendingEvents().peekAll();
    assertThat(events).extracting(NewRecord::timestamp).containsExactly(1_600_000_000.0);
    assertThat(EventCodec.parse(events.get(0).json())).contains(Event.of("a", "b", 1_600_000_000L));
    List<NewRecord> checks = buckets.pendingServiceChecks().peekAll();
    // No d:: the arrival second.
    assertThat(checks).extracting(NewRecord::timestamp).containsExactly((double) T0);
    assertThat(ServiceCheckCodec.parse(checks.get(0).json()))
        .contains(new ServiceCheck("c", 1, T0, "", "slow", List.of()));
  }

  @Test
  void beyondTheBoundTheyAreDroppedAndCountedAndMalformedOnesAsBefore() {
    ingest("_e{1,1}:a|b\n_e{1,1}:c|d\n_e{1,1}:e|f\n_e{9,1}:g|h");
    ingest("_sc|a|0\n_sc|b|0\n_sc|c|0\n_sc|d|7");

    assertThat(buckets.pendingEvents().size()).isEqualTo(2);
    assertThat(buckets.pendingServiceChecks().size()).isEqualTo(2);
    DogStatsdTotals totals = buckets.totals();
    assertThat(totals.events()).isEqualTo(3);
    assertThat(totals.serviceChecks()).isEqualTo(3);
    assertThat(totals.get(DogStatsdStat.DROPPED_EVENTS)).isEqualTo(1);
    assertThat(totals.get(DogStatsdStat.DROPPED_SERVICE_CHECKS)).isEqualTo(1);
    assertThat(totals.get(DogStatsdStat.EVENT_ERRORS)).isEqualTo(1);
    assertThat(totals.get(DogStatsdStat.SERVICE_CHECK_ERRORS)).isEqualTo(1);

    // Once the store has taken the oldest, there is room again.
    buckets.pendingEvents().removeOldest(1);
    ingest("_e{1,1}:x|y");
    assertThat(buckets.pendingEvents().peekAll())
        .extracting(r -> EventCodec.parse(r.json()).orElseThrow().title())
        .containsExactly("c", "x");
  }
}
