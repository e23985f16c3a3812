package io.chouette.core.send;

import io.chouette.core.config.SenderConfig;
import io.chouette.core.storage.NewRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What ending a run settles: the backoff before the next one, the operator's log line, the sender's
 * status, the run's report, and the self-metrics to store.
 */
final class RunEnding {

  private final Workload workload;
  private final SenderConfig config;
  private final Backoff backoff;
  private final OutcomeLog outcomeLog;
  private final SenderStatus status;

  RunEnding(
      Workload workload,
      SenderConfig config,
      Backoff backoff,
      OutcomeLog outcomeLog,
      SenderStatus status) {
    this.workload = workload;
    this.config = config;
    this.backoff = backoff;
    this.outcomeLog = outcomeLog;
    this.status = status;
  }

  /** Ends {@code run} (its report is set); returns the self-metrics to store, maybe none. */
  List<NewRecord> end(SendRun run, SendOutcome outcome, String detail, Instant now) {
    Duration delay = backoff.runEnded(outcome, run.startedAt, run.failure);
    outcomeLog.ended(outcome, detail, run, delay);
    run.reportEnd(status, now, outcome, detail);
    run.report =
        new SendReport(outcome, run.delivered, run.droppedTotal(), run.bulks, run.bytes, detail);
    return config.sendSelfMetrics()
        ? SendSelfMetrics.of(workload.kind(), run, outcome, now)
        : List.of();
  }
}
