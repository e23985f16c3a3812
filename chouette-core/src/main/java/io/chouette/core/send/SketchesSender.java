package io.chouette.core.send;

import io.chouette.core.config.SenderConfig;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import java.net.URI;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * Distribution sketches to Datadog's {@code POST {DATADOG_URL}/beta/sketches}, the Agent's
 * endpoint, every {@code RELEASE_INTERVAL} (DESIGN §5).
 *
 * <p>Each tick drops sketches older than {@code SKETCH_TTL} (Datadog's historical ingestion does
 * not cover distributions; counted as {@code chouette.dropped.sketches{reason:expired}}), sends the
 * oldest {@value #BULK_SIZE} as one protobuf {@code SketchPayload} with the global tags and {@code
 * host} ({@link SketchesFormat}), deflated, and deletes exactly what Datadog accepted. Failures,
 * limits and backoff: see {@link QueueSender} and {@link BulkSender}. Self-metrics: {@code
 * chouette.queued.sketches}, {@code chouette.dispatched.sketches.number} and {@code .bytes},
 * written to the raw metrics queue.
 */
public final class SketchesSender {

  /**
   * Sketches per bulk. A sketch is 50 B to 30 KB of JSON (up to 4,096 bins), so a bulk stays within
   * a few megabytes of heap on a small node; one context per node and interval makes far fewer
   * sketches than series.
   */
  static final int BULK_SIZE = 1_000;

  private SketchesSender() {}

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
    URI endpoint = URI.create(config.datadogUrl() + "/beta/sketches");
    Workload workload =
        new Workload(
            "sketches",
            Queue.WRAPPED_SKETCHES,
            config.sketchTtl(),
            BULK_SIZE,
            endpoint,
            true,
            KeySelection.Order.OLDEST_FIRST);
    return QueueSender.create(
        config,
        storage,
        clock,
        status,
        link,
        workload,
        new SketchesFormat(config.globalTags(), config.host()));
  }
}
