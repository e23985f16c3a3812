package io.chouette.core.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import io.chouette.core.storage.StoredKey;
import io.chouette.core.testing.MutableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeySelectionTest {

  static final double NOW = 1_700_000_000;
  static final AtomicInteger NAMES = new AtomicInteger();
  final MutableClock clock = MutableClock.atSeconds(NOW);

  static List<StoredKey> keys(double... timestamps) {
    List<StoredKey> keys = new ArrayList<>();
    for (double ts : timestamps) {
      keys.add(new StoredKey("k" + NAMES.incrementAndGet(), ts));
    }
    return keys;
  }

  KeySelection metrics(boolean historical) {
    return new KeySelection(
        Queue.WRAPPED_METRICS, 2, KeySelection.Order.INGESTION_WINDOW_FIRST, historical, clock);
  }

  @Test
  void metricPointsYoungerThanAnHourFirstThenTheOlderOnes() {
    KeySelection selection = metrics(true);

    assertThat(selection.request(null))
        .isEqualTo(new StorageActor.CollectKeysSince(Queue.WRAPPED_METRICS, NOW - 3600, 2, null));
    KeySelection.Bulk young = selection.accept(keys(NOW - 3600, NOW - 10));
    assertThat(young.full()).isTrue();
    assertThat(young.more()).isTrue();
    assertThat(young.historical()).isFalse();

    selection.request(null);
    KeySelection.Bulk lastYoung = selection.accept(keys(NOW - 5));
    assertThat(lastYoung.full()).isFalse();
    assertThat(lastYoung.more()).as("the older points come next").isTrue();

    assertThat(selection.request(null))
        .isEqualTo(new StorageActor.CollectKeys(Queue.WRAPPED_METRICS, 2, null));
    KeySelection.Bulk old = selection.accept(keys(NOW - 7000, NOW - 3601));
    assertThat(old.keys()).hasSize(2);
    assertThat(old.historical()).isTrue();
    assertThat(old.more()).isTrue();

    selection.request(null);
    KeySelection.Bulk end = selection.accept(keys(NOW - 3601, NOW - 1));
    assertThat(end.keys())
        .as("a point that arrived during the run waits for the next one")
        .extracting(StoredKey::timestamp)
        .containsExactly(NOW - 3601);
    assertThat(end.more()).isFalse();
  }

  @Test
  void withoutHistoricalMetricsTheRunEndsWithTheWindow() {
    KeySelection selection = metrics(false);
    selection.request(null);
    KeySelection.Bulk young = selection.accept(keys(NOW - 5));
    assertThat(young.more()).isFalse();
  }

  @Test
  void otherQueuesGoOldestFirstWhileBulksAreFull() {
    KeySelection selection =
        new KeySelection(Queue.WRAPPED_LOGS, 2, KeySelection.Order.OLDEST_FIRST, true, clock);
    assertThat(selection.request(null))
        .isEqualTo(new StorageActor.CollectKeys(Queue.WRAPPED_LOGS, 2, null));
    assertThat(selection.accept(keys(NOW - 9000, NOW - 1)).more()).isTrue();
    assertThat(selection.accept(keys(NOW)).more()).isFalse();
  }

  @Test
  void theBulkAfterOneStillStoredStartsAtItsNewestTimestampWithRoomForItsKeysThere() {
    KeySelection selection = metrics(true);
    selection.request(null);
    KeySelection.Bulk young = selection.accept(keys(NOW - 20, NOW - 10));

    // within the window: from the newest sent point on; one sent key has that timestamp
    assertThat(new ReadAhead(young, List.of(), 2).request(selection, null))
        .isEqualTo(new StorageActor.CollectKeysSince(Queue.WRAPPED_METRICS, NOW - 10, 3, null));
    KeySelection.Bulk lastYoung = selection.accept(keys(NOW - 5));
    assertThat(lastYoung.more()).isTrue();

    // the first bulk older than the window: asked for as usual, the sent young keys come after it
    assertThat(new ReadAhead(lastYoung, List.of(), 2).request(selection, null))
        .isEqualTo(new StorageActor.CollectKeys(Queue.WRAPPED_METRICS, 2, null));
    KeySelection.Bulk old = selection.accept(keys(NOW - 7000, NOW - 7000));
    assertThat(old.historical()).isTrue();

    // older than the window: from the newest sent point on, with room for both keys sent there
    assertThat(new ReadAhead(old, List.of(), 2).request(selection, null))
        .isEqualTo(new StorageActor.CollectKeysSince(Queue.WRAPPED_METRICS, NOW - 7000, 4, null));
  }

  @Test
  void otherQueuesAskForTheBulkAfterOneStillStoredFromItsNewestTimestamp() {
    KeySelection selection =
        new KeySelection(Queue.WRAPPED_LOGS, 2, KeySelection.Order.OLDEST_FIRST, true, clock);
    selection.request(null);
    KeySelection.Bulk first = selection.accept(keys(NOW - 9000, NOW - 1));

    assertThat(new ReadAhead(first, List.of(), 2).request(selection, null))
        .isEqualTo(new StorageActor.CollectKeysSince(Queue.WRAPPED_LOGS, NOW - 1, 3, null));
  }
}
