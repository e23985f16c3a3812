package io.chouette.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that tests move by hand; safe to read from any thread. */
public final class MutableClock extends Clock {
  private final AtomicLong millis;

  public MutableClock(Instant start) {
    this.millis = new AtomicLong(start.toEpochMilli());
  }

  public static MutableClock atSeconds(double epochSeconds) {
    return new MutableClock(Instant.ofEpochMilli((long) (epochSeconds * 1000)));
  }

  public void setSeconds(double epochSeconds) {
    millis.set((long) (epochSeconds * 1000));
  }

  public void advance(Duration duration) {
    millis.addAndGet(duration.toMillis());
  }

  public void advanceMillis(long delta) {
    millis.addAndGet(delta);
  }

  /** Now, in epoch seconds as the stored records carry it. */
  public double seconds() {
    return millis.get() / 1000.0;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public long millis() {
    return millis.get();
  }
}
