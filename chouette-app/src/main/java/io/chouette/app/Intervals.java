package io.chouette.app;

import java.time.Clock;
import java.time.Duration;

/**
 * Tick alignment: the first tick at the next multiple of the interval, so that every node's windows
 * line up on the wall clock.
 */
final class Intervals {
  private Intervals() {}

  /**
   * {@code interval - now % interval}: the delay until the next whole multiple of {@code interval}.
   */
  static Duration delayToNextMultiple(Clock clock, Duration interval) {
    long intervalMillis = interval.toMillis();
    long remainder = clock.millis() % intervalMillis;
    return Duration.ofMillis(intervalMillis - remainder);
  }
}
