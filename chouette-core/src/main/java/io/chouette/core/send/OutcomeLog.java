package io.chouette.core.send;

import java.time.Duration;
import org.slf4j.Logger;

/**
 * The line that tells the operator how a release run ended: ERROR when only they can fix it (API
 * key, URL), WARN while retrying, INFO for what was delivered.
 */
final class OutcomeLog {

  private final Logger log;
  private final Workload workload;

  OutcomeLog(Logger log, Workload workload) {
    this.log = log;
    this.workload = workload;
  }

  /** {@code delay} is the backoff before the next attempt, for failed runs. */
  void ended(SendOutcome outcome, String detail, SendRun run, Duration delay) {
    switch (outcome) {
      case FORBIDDEN ->
          log.error(
              "Datadog refused the API key ({}) at {}: check API_KEY; {} kept for later",
              detail,
              workload.endpoint(),
              workload.kind());
      case MISDIRECTED ->
          log.error(
              "Datadog has no API at {} ({}): check {}; {} kept for later",
              workload.endpoint(),
              detail,
              workload.kind().equals("logs") ? "DATADOG_LOGS_URL" : "DATADOG_URL",
              workload.kind());
      case RETRYING ->
          log.warn(
              "{} not delivered ({}); kept, next attempt in about {} s",
              workload.kind(),
              detail,
              delay.toSeconds());
      case DELIVERED, NOTHING_TO_SEND -> {
        if (run.delivered > 0) {
          log.info(
              "{} {} delivered in {} bulk(s), {} KB compressed",
              run.delivered,
              workload.kind(),
              run.bulks,
              run.bytes / 1024);
        }
      }
      default -> log.debug("{} run ended: {} {}", workload.kind(), outcome, detail);
    }
  }
}
