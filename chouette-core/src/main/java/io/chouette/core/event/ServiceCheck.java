package io.chouette.core.event;

import java.util.List;
import java.util.Objects;

/**
 * A DogStatsD service check, with every field the protocol carries ({@code
 * _sc|app.db|2|d:1700000000|h:pi-7|#env:prod|m:connection refused}).
 *
 * @param name the check's name; never empty
 * @param status 0 OK, 1 warning, 2 critical, 3 unknown
 * @param timestamp unix seconds: {@code d:}, else the arrival time
 * @param host {@code h:}, empty when absent (the sender then uses {@code HOST})
 * @param message {@code m:}, empty when absent
 * @param tags the {@code #} tags as sent (the sender appends {@code GLOBAL_TAGS})
 */
public record ServiceCheck(
    String name, int status, long timestamp, String host, String message, List<String> tags) {

  public static final int OK = 0;
  public static final int UNKNOWN = 3;

  public ServiceCheck {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(message, "message");
    if (status < OK || status > UNKNOWN) {
      throw new IllegalArgumentException("status must be 0 to 3, not " + status);
    }
    tags = List.copyOf(tags);
  }
}
