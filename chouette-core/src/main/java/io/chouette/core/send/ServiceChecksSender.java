package io.chouette.core.send;

import io.chouette.core.config.SenderConfig;
import io.chouette.core.event.ServiceCheck;
import io.chouette.core.event.ServiceCheckCodec;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * DogStatsD service checks to Datadog's {@code POST {DATADOG_URL}/v1/check_run}, every {@code
 * RELEASE_INTERVAL} (DESIGN §5).
 *
 * <p>Each tick cleans checks older than {@code SERVICE_CHECK_TTL} (Datadog refuses check runs older
 * than 10 minutes), posts the oldest {@value #BULK_SIZE} as one deflated JSON array ({@link
 * ServiceChecksFormat}) and deletes exactly what Datadog accepted. Failures and backoff: see {@link
 * QueueSender}. Self-metrics: {@code chouette.queued.service_checks}, {@code
 * chouette.dispatched.service_checks.number} and {@code .bytes}, {@code
 * chouette.dropped.service_checks} {reason}.
 *
 * <p>With {@code SEND_SELF_METRICS}, every release tick first stores Chouette's own check {@value
 * #UP} (status OK, {@code HOST}, {@code GLOBAL_TAGS}), which that tick's run then sends: a Datadog
 * monitor on it alerts when a node stops reporting, as {@code datadog.agent.up} does for the Agent.
 */
public final class ServiceChecksSender {

  /** Chouette's liveness check. */
  public static final String UP = "chouette.up";

  /** Check runs per bulk, one request. */
  static final int BULK_SIZE = DatadogLimits.SERVICE_CHECKS_MAX_ENTRIES;

  private ServiceChecksSender() {}

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
            "service_checks",
            Queue.WRAPPED_SERVICE_CHECKS,
            config.serviceCheckTtl(),
            BULK_SIZE,
            URI.create(config.datadogUrl() + "/v1/check_run"),
            true,
            KeySelection.Order.OLDEST_FIRST);
    Behavior<QueueSender.Command> sender =
        QueueSender.create(
            config,
            storage,
            clock,
            status,
            link,
            workload,
            new ServiceChecksFormat(config.globalTags(), config.host()));
    if (!config.sendSelfMetrics()) {
      return sender;
    }
    return Behaviors.intercept(() -> new Heartbeat(config, storage, clock), sender);
  }

  /**
   * Stores {@value #UP} on each release tick, before the sender sees the tick: the store handles
   * one sender's requests in order, so the run that follows finds it in the queue.
   */
  private static final class Heartbeat
      extends BehaviorInterceptor<QueueSender.Command, QueueSender.Command> {

    private final SenderConfig config;
    private final ActorRef<StorageActor.Command> storage;
    private final Clock clock;

    Heartbeat(SenderConfig config, ActorRef<StorageActor.Command> storage, Clock clock) {
      super(QueueSender.Command.class);
      this.config = config;
      this.storage = storage;
      this.clock = clock;
    }

    @Override
    public Behavior<QueueSender.Command> aroundReceive(
        TypedActorContext<QueueSender.Command> context,
        QueueSender.Command message,
        ReceiveTarget<QueueSender.Command> target) {
      if (message == QueueSender.Release.INSTANCE || message instanceof QueueSender.ReleaseNow) {
        ServiceCheck up =
            new ServiceCheck(
                UP,
                ServiceCheck.OK,
                clock.instant().getEpochSecond(),
                config.host(),
                "",
                config.globalTags());
        // A failed store shows in the run that follows; nobody needs this answer.
        storage.tell(
            new StorageActor.StoreRecords(
                Queue.WRAPPED_SERVICE_CHECKS,
                List.of(ServiceCheckCodec.toRecord(up)),
                context.asJava().getSystem().ignoreRef()));
      }
      return target.apply(context, message);
    }
  }
}
