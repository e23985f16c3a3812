package io.chouette.core.send;

import io.chouette.core.config.SenderConfig;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import java.net.URI;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * Wrapped metrics to Datadog's {@code POST {DATADOG_URL}/v1/series}, every {@code RELEASE_INTERVAL}
 * (DESIGN §5).
 *
 * <p>Each tick cleans metrics older than {@code METRIC_TTL}, sends a bulk of {@code
 * METRICS_BULK_SIZE} as merged series with the global tags and {@code host} ({@link SeriesFormat}),
 * deflated, and deletes exactly what Datadog accepted; a backlog drains bulk after bulk at once,
 * the points younger than Datadog's one-hour window first ({@link KeySelection}, DESIGN §5).
 * Failures, limits and backoff: see {@link QueueSender} and {@link BulkSender}. Self-metrics:
 * {@code chouette.queued.metrics}, {@code chouette.dispatched.metrics.number} and {@code .bytes},
 * written to the raw queue.
 */
public final class MetricsSender {
  private MetricsSender() {}

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
    URI endpoint = URI.create(config.datadogUrl() + "/v1/series");
    Workload workload =
        new Workload(
            "metrics",
            Queue.WRAPPED_METRICS,
            config.metricTtl(),
            config.metricsBulkSize(),
            endpoint,
            true,
            KeySelection.Order.INGESTION_WINDOW_FIRST);
    return QueueSender.create(
        config,
        storage,
        clock,
        status,
        link,
        workload,
        new SeriesFormat(config.globalTags(), config.host()));
  }
}
