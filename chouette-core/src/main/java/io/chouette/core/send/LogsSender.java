package io.chouette.core.send;

import io.chouette.core.config.SenderConfig;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import java.net.URI;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * Logs written by chouette-iot-client's log handler to Datadog's {@code POST
 * {DATADOG_LOGS_URL}/v1/input}, every {@code RELEASE_INTERVAL} (DESIGN §5).
 *
 * <p>Each tick cleans logs older than {@code LOG_TTL}, sends the oldest {@code LOGS_BULK_SIZE}
 * (500) as a JSON array with {@code ddtags} joined by commas, the global tags and {@code host}
 * ({@link LogsFormat}), deflated, and deletes exactly what Datadog accepted; a backlog drains bulk
 * after bulk at once (DESIGN §5). Failures, limits and backoff: see {@link QueueSender} and {@link
 * BulkSender}. Self-metrics: {@code chouette.dispatched.logs.number} and {@code .bytes}, written to
 * the raw metrics queue.
 */
public final class LogsSender {
  private LogsSender() {}

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
    URI endpoint = URI.create(config.logsUrl() + "/v1/input");
    Workload workload =
        new Workload(
            "logs",
            Queue.WRAPPED_LOGS,
            config.logTtl(),
            config.logsBulkSize(),
            endpoint,
            false,
            KeySelection.Order.OLDEST_FIRST);
    return QueueSender.create(
        config,
        storage,
        clock,
        status,
        link,
        workload,
        new LogsFormat(config.globalTags(), config.host()));
  }
}
