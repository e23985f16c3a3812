package io.chouette.core.aggregate;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Logs unusable raw records: the first of each reason, then every 1000th, so that bad input cannot
 * flood the log. Not thread-safe: it belongs to one actor.
 */
final class RejectedRecordLog {

  private static final int EVERY = 1000;
  private static final int SAMPLE_CHARS = 200;

  private final Logger log;
  private final Map<String, Integer> seenByReason = new HashMap<>();

  RejectedRecordLog(Logger log) {
    this.log = log;
  }

  void rejected(String reason, String json) {
    int seen = seenByReason.merge(reason, 1, Integer::sum);
    if (seen == 1 || seen % EVERY == 0) {
      String sample = json.length() > SAMPLE_CHARS ? json.substring(0, SAMPLE_CHARS) + "..." : json;
      log.warn("dropped a raw metric ({}; {} so far for this reason): {}", reason, seen, sample);
    }
  }
}
