package io.chouette.core.send;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A sender's last outcome, readable from any thread (the health endpoint). The sender replaces an
 * immutable {@link Snapshot} after each run; readers see one consistent snapshot.
 *
 * <p>Readiness turns false when Datadog refuses the API key (403) or the URL is wrong (404, a
 * redirect): nothing will be delivered until an operator acts. It turns true again on the next
 * accepted payload. Outages (5xx, timeouts, no network) leave readiness as it is: the data is kept
 * and the sender recovers by itself.
 */
public final class SenderStatus {

  /**
   * One consistent view.
   *
   * @param ready false while the configuration is known to be wrong (403, 404)
   * @param lastOutcome how the last run ended
   * @param lastSuccessAt when Datadog last accepted a payload
   * @param lastRunAt when the last run ended
   * @param detail a short explanation of the last failure, empty otherwise
   * @param delivered records delivered since start
   * @param dropped records dropped as unsendable since start
   */
  public record Snapshot(
      boolean ready,
      SendOutcome lastOutcome,
      Optional<Instant> lastSuccessAt,
      Optional<Instant> lastRunAt,
      String detail,
      long delivered,
      long dropped) {}

  private final AtomicReference<Snapshot> current =
      new AtomicReference<>(
          new Snapshot(true, SendOutcome.NONE, Optional.empty(), Optional.empty(), "", 0, 0));

  public Snapshot snapshot() {
    return current.get();
  }

  public boolean ready() {
    return current.get().ready();
  }

  /**
   * Records a bulk settled in a run that goes on (a backlog being drained), so that the counts and
   * the last success move while a long drain runs; {@link #recordRun} ends the run.
   */
  void recordBulk(Instant at, long delivered, long dropped) {
    recordRun(at, SendOutcome.DRAINING, delivered, dropped, "");
  }

  /**
   * Records a finished run; {@code delivered} and {@code dropped} not yet counted by {@link
   * #recordBulk}.
   */
  void recordRun(Instant at, SendOutcome outcome, long delivered, long dropped, String detail) {
    current.updateAndGet(
        previous -> {
          boolean ready =
              switch (outcome) {
                case FORBIDDEN, MISDIRECTED -> false;
                default -> delivered > 0 || previous.ready();
              };
          Optional<Instant> success = delivered > 0 ? Optional.of(at) : previous.lastSuccessAt();
          return new Snapshot(
              ready,
              outcome,
              success,
              Optional.of(at),
              detail,
              previous.delivered() + delivered,
              previous.dropped() + dropped);
        });
  }
}
