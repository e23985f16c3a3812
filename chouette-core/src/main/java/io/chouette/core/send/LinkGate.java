package io.chouette.core.send;

import io.chouette.core.storage.StoredRecord;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The drain's turn-taking on the link ({@code SEND_MAX_KBPS}): a backlog bulk waits, parked here,
 * until its {@link LinkTurn} comes; anything else passes at once. Owned by one actor, whose timer
 * sends {@code linkFree} when the turn has come.
 */
final class LinkGate<M> {

  private static final Object TIMER = "link";

  private final LinkTurn turn;
  private final TimerScheduler<M> timers;
  private final M linkFree;

  /** The bulk's records while they wait for the link, else null. */
  private List<StoredRecord> waiting;

  LinkGate(LinkTurn turn, TimerScheduler<M> timers, M linkFree) {
    this.turn = turn;
    this.timers = timers;
    this.linkFree = linkFree;
  }

  /**
   * Hands {@code records} to {@code send} now, or parks them until {@link #turnCame}; returns the
   * wait (zero when sent at once).
   */
  Duration pass(List<StoredRecord> records, boolean backlog, Consumer<List<StoredRecord>> send) {
    Duration wait = turn.book(backlog);
    if (wait.isZero()) {
      send.accept(records);
    } else {
      waiting = records;
      timers.startSingleTimer(TIMER, linkFree, wait);
    }
    return wait;
  }

  /** The timer fired: hands the parked records to {@code send}, if any are still parked. */
  void turnCame(Consumer<List<StoredRecord>> send) {
    if (waiting != null) {
      List<StoredRecord> records = waiting;
      waiting = null;
      send.accept(records);
    }
  }

  boolean isWaiting() {
    return waiting != null;
  }

  /** The parked bulk will not be sent (shutdown): drops it and gives its turn back. */
  void cancel() {
    timers.cancel(TIMER);
    turn.cancel();
    waiting = null;
  }

  /** The bulk went out with {@code postedBytes} on the wire. */
  void sent(long postedBytes) {
    turn.sent(postedBytes);
  }
}
