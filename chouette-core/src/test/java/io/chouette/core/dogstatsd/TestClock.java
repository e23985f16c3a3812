package io.chouette.core.dogstatsd;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand; safe to read from another thread. */
final class TestClock extends Clock {

  private volatile long millis;

  TestClock(long millis) {
    this.millis = millis;
  }

  static TestClock atSeconds(double seconds) {
    return new TestClock((long) (seconds * 1000));
  }

  void setSeconds(double seconds) {
    millis = (long) (seconds * 1000);
  }

  void advanceMillis(long delta) {
    millis += delta;
  }

  @Override
  public long millis() {
    return millis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
