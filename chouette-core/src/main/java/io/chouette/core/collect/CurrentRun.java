package io.chouette.core.collect;

import io.chouette.core.metric.WrappedMetric;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A plugin actor's current or last {@code collect()}: its number (results and timeouts of older
 * runs are ignored), who waits for its answer, when it started, and whether it overran its timeout.
 * Only the actor touches it.
 */
final class CurrentRun {

  private long number;
  private InterruptibleRun inFlight;
  private ActorRef<PluginActor.StatsResponse> replyTo;
  private Instant startedAt;
  private boolean timedOut;

  /** Starts the next run of {@code work}; the caller executes the returned task. */
  InterruptibleRun start(
      Callable<List<WrappedMetric>> work,
      ActorRef<PluginActor.StatsResponse> replyTo,
      Instant now) {
    number++;
    this.replyTo = replyTo;
    this.startedAt = now;
    this.timedOut = false;
    this.inFlight = new InterruptibleRun(work);
    return inFlight;
  }

  long number() {
    return number;
  }

  boolean isCurrent(long run) {
    return run == number;
  }

  boolean inFlight() {
    return inFlight != null;
  }

  Duration runningFor(Instant now) {
    return Duration.between(startedAt, now);
  }

  /** Marks the run in flight as overrun and interrupts its thread. */
  void timeOut() {
    timedOut = true;
    interrupt();
  }

  /** Interrupts the run in flight, if any. */
  void interrupt() {
    if (inFlight != null) {
      inFlight.interrupt();
    }
  }

  /** The run has returned: nothing is in flight any more. */
  void finish() {
    inFlight = null;
  }

  boolean timedOut() {
    return timedOut;
  }

  ActorRef<PluginActor.StatsResponse> replyTo() {
    return replyTo;
  }
}
