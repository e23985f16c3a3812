package io.chouette.core.send;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * {@code SEND_MAX_KBPS}: the bytes per second all senders together may put on the link, for metered
 * cellular links. One instance is shared by every sender; thread-safe.
 *
 * <p>The budget is a single "link free at" time. A backlog bulk reserves its expected size before
 * it goes and waits until its turn ({@link #reserve}); once sent, the reservation is corrected to
 * the bytes actually posted ({@link #correct}). A bulk that is not backlog (a normal tick's
 * payload, less than a bulk) never waits: it only charges what it sent ({@link #spend}), so the
 * drain after it waits longer. A normal payload is therefore delayed by no backlog at all, only by
 * a request already in flight, and the drain spreads under the cap.
 */
public final class LinkBudget {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long bytesPerSecond;
  private final LongSupplier nanoTime;
  private long freeAtNanos;

  /** {@code kilobytesPerSecond} = 0: no limit. */
  public static LinkBudget of(int kilobytesPerSecond) {
    return new LinkBudget(kilobytesPerSecond * 1000L, System::nanoTime);
  }

  // visible for testing
  LinkBudget(long bytesPerSecond, LongSupplier nanoTime) {
    this.bytesPerSecond = bytesPerSecond;
    this.nanoTime = nanoTime;
    this.freeAtNanos = nanoTime.getAsLong();
  }

  /** Whether there is a cap at all. */
  boolean limited() {
    return bytesPerSecond > 0;
  }

  /**
   * Books the link for {@code expectedBytes} after everything booked before; returns how long the
   * caller must wait before sending (zero when the link is free now or there is no cap).
   */
  synchronized Duration reserve(long expectedBytes) {
    if (!limited()) {
      return Duration.ZERO;
    }
    long now = nanoTime.getAsLong();
    long start = Math.max(now, freeAtNanos);
    freeAtNanos = start + cost(expectedBytes);
    return Duration.ofNanos(start - now);
  }

  /** Corrects an earlier {@link #reserve} by the difference between sent and expected bytes. */
  synchronized void correct(long extraBytes) {
    if (limited()) {
      freeAtNanos += extraBytes >= 0 ? cost(extraBytes) : -cost(-extraBytes);
    }
  }

  /** Charges bytes sent without a reservation. */
  synchronized void spend(long bytes) {
    if (limited()) {
      freeAtNanos = Math.max(nanoTime.getAsLong(), freeAtNanos) + cost(bytes);
    }
  }

  private long cost(long bytes) {
    return (long) ((double) bytes * NANOS_PER_SECOND / bytesPerSecond);
  }
}
