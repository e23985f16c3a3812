package io.chouette.core.dogstatsd;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rate-limited warning about malformed lines (STYLE §9): the first bad line is logged, then at
 * most one per {@link #PERIOD}, with the number of bad lines since the last report. Not thread-safe
 * (guarded by {@link DogStatsdBuckets}).
 */
final class BadLineLog {

  /** Bad lines are logged on the first occurrence, then at most once per this period. */
  static final Duration PERIOD = Duration.ofMinutes(1);

  // Under the buckets' logger name: that is where operators look for DogStatsD input problems.
  private static final Logger log = LoggerFactory.getLogger(DogStatsdBuckets.class);

  private long notLogged;
  private long loggedAt;
  private boolean logged;

  /**
   * Counts the bad line {@code b[start, end)}, described by {@code line}, received at nowMillis.
   */
  void report(byte[] b, int start, int end, ParsedLine line, long nowMillis) {
    notLogged++;
    if (logged && nowMillis - loggedAt < PERIOD.toMillis()) {
      return;
    }
    log.warn(
        "dropped {} malformed DogStatsD line(s) since the last report; latest: {} ({}): \"{}\"",
        notLogged,
        line.invalidKind.name().toLowerCase(Locale.ROOT),
        line.problem.description(),
        printable(b, start, end));
    notLogged = 0;
    loggedAt = nowMillis;
    logged = true;
  }

  /** At most 200 bytes of the line, control bytes escaped, invalid UTF-8 replaced. */
  static String printable(byte[] b, int start, int end) {
    int limit = Math.min(end, start + 200);
    String text = new String(b, start, limit - start, StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (limit < end) {
      out.append("...");
    }
    return out.toString();
  }
}
