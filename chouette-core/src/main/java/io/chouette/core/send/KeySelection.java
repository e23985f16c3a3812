package io.chouette.core.send;

import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import io.chouette.core.storage.StoredKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Which keys one run sends next, bulk after bulk (DESIGN §5). One instance per run.
 *
 * <p>{@link Order#OLDEST_FIRST} (logs, sketches, events, service checks): the oldest bulk each
 * time, while bulks come back full. {@link Order#INGESTION_WINDOW_FIRST} (metric points): Datadog
 * ingests points older than one hour only for metrics with historical ingestion enabled, so the
 * points younger than an hour go first, oldest first among them (they leave the window soonest),
 * then the older ones, oldest first, unless {@code DATADOG_HISTORICAL_METRICS=false}.
 */
final class KeySelection {

  /** Datadog's ingestion window for metric points without historical ingestion. */
  static final Duration INGESTION_WINDOW = Duration.ofHours(1);

  /** How a workload's queue is drained. */
  enum Order {
    OLDEST_FIRST,
    INGESTION_WINDOW_FIRST
  }

  /**
   * The keys to send next.
   *
   * @param keys the bulk, oldest first; empty when there is nothing to send in this step
   * @param full whether the bulk is a whole bulk, so more backlog may follow (and the byte budget
   *     treats it as backlog)
   * @param more whether the run should ask for another bulk after this one
   * @param historical whether these are points older than the ingestion window
   */
  record Bulk(List<StoredKey> keys, boolean full, boolean more, boolean historical) {
    Bulk {
      keys = List.copyOf(keys);
    }
  }

  private final Queue queue;
  private final int bulkSize;
  private final Order order;
  private final boolean sendHistorical;
  private final Clock clock;
  private boolean windowDone;
  private double windowStart;

  KeySelection(Queue queue, int bulkSize, Order order, boolean sendHistorical, Clock clock) {
    this.queue = queue;
    this.bulkSize = bulkSize;
    this.order = order;
    this.sendHistorical = sendHistorical;
    this.clock = clock;
  }

  /** The Storage request for the next bulk's keys. */
  StorageActor.Command request(ActorRef<StorageActor.Reply> replyTo) {
    windowStart = (clock.millis() - INGESTION_WINDOW.toMillis()) / 1000.0;
    if (order == Order.INGESTION_WINDOW_FIRST && !windowDone) {
      return new StorageActor.CollectKeysSince(queue, windowStart, bulkSize, replyTo);
    }
    return new StorageActor.CollectKeys(queue, bulkSize, replyTo);
  }

  /**
   * The request for the bulk after one still in the store ({@link ReadAhead}): the keys from that
   * bulk's newest timestamp {@code newest} on, with room for its {@code sentAtNewest} keys there,
   * which the caller leaves out. The first bulk older than the ingestion window (after a bulk that
   * was not, {@code sentHistorical} false) is asked for as usual: the younger keys just sent come
   * after it.
   */
  StorageActor.Command requestAfter(
      ActorRef<StorageActor.Reply> replyTo,
      double newest,
      int sentAtNewest,
      boolean sentHistorical) {
    windowStart = (clock.millis() - INGESTION_WINDOW.toMillis()) / 1000.0;
    int amount = bulkSize + sentAtNewest;
    if (order == Order.INGESTION_WINDOW_FIRST && !windowDone) {
      return new StorageActor.CollectKeysSince(
          queue, Math.max(windowStart, newest), amount, replyTo);
    }
    if (order == Order.INGESTION_WINDOW_FIRST && !sentHistorical) {
      return new StorageActor.CollectKeys(queue, bulkSize, replyTo);
    }
    return new StorageActor.CollectKeysSince(queue, newest, amount, replyTo);
  }

  /** What to send of the keys the store answered to the last {@link #request}. */
  Bulk accept(List<StoredKey> collected) {
    boolean full = collected.size() >= bulkSize;
    if (order == Order.OLDEST_FIRST) {
      return new Bulk(collected, full, full, false);
    }
    if (!windowDone) {
      windowDone = !full;
      return new Bulk(collected, full, full || sendHistorical, false);
    }
    // Oldest first, so the points older than the window are a prefix; younger ones that arrived
    // during the run wait for the next tick.
    int older = 0;
    while (older < collected.size() && collected.get(older).timestamp() < windowStart) {
      older++;
    }
    boolean fullOfOld = older >= bulkSize;
    return new Bulk(collected.subList(0, older), fullOfOld, fullOfOld, true);
  }
}
