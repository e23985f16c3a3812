package io.chouette.core.send;

import io.chouette.core.metric.RawMetric;
import io.chouette.core.storage.NewRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A release run's self-metrics: DESIGN §5's queue size, backlog age and dispatched counts, plus
 * drops, truncated logs and dispatch errors. They are raw records, so they get aggregated like any
 * other metric.
 */
final class SendSelfMetrics {

  private SendSelfMetrics() {}

  static List<NewRecord> of(String kind, SendRun run, SendOutcome outcome, Instant now) {
    double ts = now.toEpochMilli() / 1000.0;
    List<RawMetric> metrics = new ArrayList<>();
    if (run.queued > 0) {
      metrics.add(RawMetric.gauge("chouette.queued." + kind, run.queued, ts, Map.of()));
    }
    if (run.backlogSeconds >= 0) {
      metrics.add(
          RawMetric.gauge(
              "chouette.backlog.seconds", run.backlogSeconds, ts, Map.of("type", kind)));
    }
    if (run.delivered > 0) {
      metrics.add(
          RawMetric.count("chouette.dispatched." + kind + ".number", run.delivered, ts, Map.of()));
      metrics.add(
          RawMetric.count("chouette.dispatched." + kind + ".bytes", run.bytes, ts, Map.of()));
    }
    if (run.deliveredHistorical > 0) {
      metrics.add(
          RawMetric.count(
              "chouette.dispatched." + kind + ".historical",
              run.deliveredHistorical,
              ts,
              Map.of()));
    }
    run.dropped.forEach(
        (reason, count) ->
            metrics.add(
                RawMetric.count(
                    "chouette.dropped." + kind,
                    count,
                    ts,
                    Map.of("reason", reason.name().toLowerCase(Locale.ROOT)))));
    if (run.expired > 0) {
      metrics.add(
          RawMetric.count(
              "chouette.dropped." + kind, run.expired, ts, Map.of("reason", "expired")));
    }
    if (run.outsideWindow > 0) {
      metrics.add(
          RawMetric.count(
              "chouette.dropped." + kind,
              run.outsideWindow,
              ts,
              Map.of("reason", "outside_ingestion_window")));
    }
    if (run.truncated > 0) {
      metrics.add(RawMetric.count("chouette.truncated." + kind, run.truncated, ts, Map.of()));
    }
    if (run.failure != null) {
      metrics.add(
          RawMetric.count(
              "chouette.dispatch.errors",
              1,
              ts,
              Map.of("type", kind, "reason", failureReason(run.failure))));
    } else if (outcome == SendOutcome.STORAGE_FAILED) {
      metrics.add(
          RawMetric.count(
              "chouette.dispatch.errors", 1, ts, Map.of("type", kind, "reason", "storage")));
    }
    return metrics.stream().map(m -> new NewRecord(m.timestamp(), m.toJson())).toList();
  }

  private static String failureReason(DatadogClient.Response failure) {
    if (failure instanceof DatadogClient.Answered answered) {
      return "http_" + answered.status();
    }
    return ((DatadogClient.Unanswered) failure).cause() == DatadogClient.Cause.TIMEOUT
        ? "timeout"
        : "connection";
  }
}
