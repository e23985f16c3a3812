package io.chouette.core.send;

import io.chouette.core.config.SenderConfig;
import io.chouette.core.storage.StorageActor;
import io.chouette.core.storage.StoredKey;
import java.time.Clock;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;

/**
 * The storage steps of a run before its first bulk (DESIGN §5, steps 1 and 2), each only where it
 * applies to the workload and the configuration, and what their answers mean for the run.
 */
final class RunPreparation {

  private final Workload workload;
  private final SenderConfig config;
  private final Clock clock;
  private final Logger log;

  RunPreparation(Workload workload, SenderConfig config, Clock clock, Logger log) {
    this.workload = workload;
    this.config = config;
    this.clock = clock;
    this.log = log;
  }

  /** The first step after {@code done} (null: none yet) that applies; {@code KEYS} when none. */
  RunStage next(RunStage done) {
    for (RunStage stage : RunStage.values()) {
      if (!stage.prepares()) {
        break;
      }
      if ((done == null || stage.compareTo(done) > 0) && applies(stage)) {
        return stage;
      }
    }
    return RunStage.KEYS;
  }

  private boolean applies(RunStage stage) {
    return switch (stage) {
      case CLEANUP -> true;
      case WINDOW_CLEANUP ->
          workload.order() == KeySelection.Order.INGESTION_WINDOW_FIRST
              && !config.historicalMetrics();
      case QUEUE_SIZE -> workload.reportsQueueSize() && config.sendSelfMetrics();
      case OLDEST -> config.sendSelfMetrics();
      default -> false;
    };
  }

  /** The Storage request of a preparation step. */
  StorageActor.Command request(RunStage stage, ActorRef<StorageActor.Reply> replyTo) {
    return switch (stage) {
      case CLEANUP -> new StorageActor.CleanupOutdated(workload.queue(), workload.ttl(), replyTo);
      case WINDOW_CLEANUP ->
          new StorageActor.CleanupOutdated(
              workload.queue(), KeySelection.INGESTION_WINDOW, replyTo);
      case QUEUE_SIZE -> new StorageActor.GetQueueSize(workload.queue(), replyTo);
      case OLDEST -> new StorageActor.CollectKeys(workload.queue(), 1, replyTo);
      default -> throw new IllegalArgumentException("not a preparation step: " + stage);
    };
  }

  /** Takes a preparation step's answer into {@code run}. */
  void answered(RunStage stage, StorageActor.Reply reply, SendRun run) {
    switch (stage) {
      case CLEANUP -> {
        long removed = ((StorageActor.CleanedUp) reply).removed();
        run.expired += removed;
        if (removed > 0) {
          log.warn(
              "{} {} older than {} s removed unsent",
              removed,
              workload.kind(),
              workload.ttl().toSeconds());
        }
      }
      case WINDOW_CLEANUP -> run.outsideWindow = ((StorageActor.CleanedUp) reply).removed();
      case QUEUE_SIZE -> run.queued = ((StorageActor.QueueSized) reply).size();
      case OLDEST -> {
        List<StoredKey> oldest = ((StorageActor.KeysCollected) reply).keys();
        if (!oldest.isEmpty()) {
          double now = clock.millis() / 1000.0;
          run.backlogSeconds = Math.max(0, now - oldest.get(0).timestamp());
        }
      }
      default -> throw new IllegalArgumentException("not a preparation step: " + stage);
    }
  }
}
