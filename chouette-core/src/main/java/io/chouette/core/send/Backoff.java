package io.chouette.core.send;

import java.time.Duration;
import java.time.Instant;

/**
 * When a sender may try again after failed runs: exponentially from the release interval up to the
 * maximum backoff, or longer when Datadog sends {@code Retry-After} (also capped). The due time is
 * worked out from the clock, so surplus or bursty ticks are harmless. Not thread-safe: it belongs
 * to one actor.
 */
final class Backoff {

  /** Doublings past this cannot matter: the maximum is reached long before. */
  private static final int MAX_DOUBLINGS = 20;

  private final Duration interval;
  private final Duration max;
  private int consecutiveFailures;
  private Instant notBefore = Instant.MIN;

  Backoff(Duration interval, Duration max) {
    this.interval = interval;
    this.max = max;
  }

  /** Whether a run starting at {@code now} must wait. */
  boolean isWaiting(Instant now) {
    return now.isBefore(notBefore);
  }

  /** When the next run is due. */
  Instant notBefore() {
    return notBefore;
  }

  /**
   * Takes a run's outcome into account: a failure (403, 404, retryable) delays the next run, a
   * delivery ends the backoff, anything else changes nothing. Returns the delay, zero when none.
   */
  Duration runEnded(SendOutcome outcome, Instant startedAt, DatadogClient.Response failure) {
    return switch (outcome) {
      case FORBIDDEN, MISDIRECTED, RETRYING -> failed(startedAt, failure);
      case DELIVERED, NOTHING_TO_SEND -> {
        succeeded();
        yield Duration.ZERO;
      }
      default -> Duration.ZERO;
    };
  }

  /**
   * Counts a failed run that started at {@code startedAt} and sets when the next one is due;
   * returns the delay. {@code failure} is Datadog's answer, when there was one.
   */
  private Duration failed(Instant startedAt, DatadogClient.Response failure) {
    consecutiveFailures++;
    int doublings = Math.min(consecutiveFailures - 1, MAX_DOUBLINGS);
    Duration delay = interval.multipliedBy(1L << doublings);
    if (delay.compareTo(max) > 0) {
      delay = max;
    }
    if (failure instanceof DatadogClient.Answered answered && answered.retryAfter().isPresent()) {
      Duration retryAfter = answered.retryAfter().get();
      Duration capped = retryAfter.compareTo(max) > 0 ? max : retryAfter;
      if (capped.compareTo(delay) > 0) {
        delay = capped;
      }
    }
    // Ticks come every interval from the run's start: half an interval of slack lets the tick
    // that is due pass, whatever the jitter.
    notBefore = startedAt.plus(delay).minus(interval.dividedBy(2));
    return delay;
  }

  /** A run succeeded: the next one is due at once. */
  private void succeeded() {
    consecutiveFailures = 0;
    notBefore = Instant.MIN;
  }
}
