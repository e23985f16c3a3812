package io.chouette.core.send;

import org.slf4j.Logger;

/**
 * Logs the records of a bulk that will never be sent, one line each, except invalid ones: past the
 * first few they are summed up, since one broken writer can fill a whole bulk.
 */
final class DropLog {

  /** Log at most this many invalid records one by one per bulk; the rest are summed up. */
  private static final int INVALID_LOG_LINES = 10;

  private final Logger log;
  private final String kind;

  DropLog(Logger log, String kind) {
    this.log = log;
    this.kind = kind;
  }

  void bulkSent(BulkResult result) {
    int invalidTotal = 0;
    for (BulkResult.Dropped dropped : result.dropped()) {
      switch (dropped.reason()) {
        case INVALID -> {
          if (invalidTotal++ < INVALID_LOG_LINES) {
            log.warn("{} record {} dropped: {}", kind, dropped.key(), dropped.detail());
          }
        }
        case REJECTED ->
            log.warn(
                "{} record {} dropped: Datadog rejected it: {}",
                kind,
                dropped.key(),
                dropped.detail());
        case OVERSIZED ->
            log.warn("{} record {} dropped: {}", kind, dropped.key(), dropped.detail());
        default -> throw new IllegalStateException("unexpected reason " + dropped.reason());
      }
    }
    if (invalidTotal > INVALID_LOG_LINES) {
      log.warn(
          "{} more invalid {} records dropped in this bulk",
          invalidTotal - INVALID_LOG_LINES,
          kind);
    }
    if (result.truncated() > 0) {
      log.info("{} {} over Datadog's size limit truncated", result.truncated(), kind);
    }
  }
}
