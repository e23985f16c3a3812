package io.chouette.core.send;

import io.chouette.core.config.SenderConfig;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import java.net.URI;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * DogStatsD events to Datadog's {@code POST {DATADOG_URL}/v1/events}, every {@code
 * RELEASE_INTERVAL} (DESIGN §5).
 *
 * <p>Each tick cleans events older than {@code EVENT_TTL} (Datadog refuses events older than 18
 * hours), then posts the oldest {@value #BULK_SIZE} one request each ({@link EventsFormat}),
 * uncompressed, and deletes exactly what Datadog accepted; a backlog drains bulk after bulk at once
 * (DESIGN §5). An event Datadog refuses with 400 is dropped and logged once. Failures and backoff:
 * see {@link QueueSender}. Self-metrics: {@code chouette.queued.events}, {@code
 * chouette.dispatched.events.number} and {@code .bytes}, {@code chouette.dropped.events} {reason},
 * {@code chouette.truncated.events}.
 */
public final class EventsSender {

  /** Events per bulk: each is one request, so a bulk is this many requests at most. */
  static final int BULK_SIZE = 100;

  private EventsSender() {}

  /**
   * {@code status} is what the health endpoint reads of this sender; {@code link} is the {@code
   * SEND_MAX_KBPS} budget it shares with the other senders.
   */
  public static Behavior<QueueSender.Command> create(
      SenderConfig config,
      ActorRef<StorageActor.Command> storage,
      Clock clock,
      SenderStatus status,
      LinkBudget link) {
    Workload workload =
        new Workload(
            "events",
            Queue.WRAPPED_EVENTS,
            config.eventTtl(),
            BULK_SIZE,
            URI.create(config.datadogUrl() + "/v1/events"),
            true,
            KeySelection.Order.OLDEST_FIRST);
    return QueueSender.create(
        config,
        storage,
        clock,
        status,
        link,
        workload,
        new EventsFormat(config.globalTags(), config.host()));
  }
}
