package io.chouette.core.send;

import java.time.Duration;

/**
 * One sender's use of the shared {@link LinkBudget}: a backlog bulk books what the sender's
 * previous bulk put on the link and waits for its turn; once sent, the booking is corrected to the
 * bytes actually posted. Anything else goes at once and is only charged. Owned by one actor.
 */
final class LinkTurn {

  private final LinkBudget budget;
  private long lastBulkBytes;
  private long booked = -1;

  LinkTurn(LinkBudget budget) {
    this.budget = budget;
  }

  /** Books the link for the next bulk; returns how long to wait before sending it. */
  Duration book(boolean backlog) {
    booked = -1;
    if (!backlog || !budget.limited()) {
      return Duration.ZERO;
    }
    booked = lastBulkBytes;
    return budget.reserve(booked);
  }

  /** The booked bulk will not be sent (shutdown): gives its turn back. */
  void cancel() {
    if (booked >= 0) {
      budget.correct(-booked);
      booked = -1;
    }
  }

  /** The bulk went out with {@code postedBytes} on the wire. */
  void sent(long postedBytes) {
    if (booked >= 0) {
      budget.correct(postedBytes - booked);
    } else {
      budget.spend(postedBytes);
    }
    booked = -1;
    lastBulkBytes = postedBytes;
  }
}
