package io.chouette.core.event;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A DogStatsD event, with every field the protocol carries ({@code
 * _e{5,4}:title|text|d:1700000000|h:pi-7|k:key|p:low|s:app|t:error|#env:prod}).
 *
 * @param title the title, {@code \n} unescaped; never empty
 * @param text the text, {@code \n} unescaped; may be empty
 * @param timestamp unix seconds: {@code d:}, else the arrival time
 * @param host {@code h:}, empty when absent (the sender then uses {@code HOST})
 * @param aggregationKey {@code k:}, empty when absent
 * @param priority {@code p:}, normal when absent
 * @param sourceType {@code s:}, empty when absent
 * @param alertType {@code t:}, info when absent
 * @param tags the {@code #} tags as sent (the sender appends {@code GLOBAL_TAGS})
 */
public record Event(
    String title,
    String text,
    long timestamp,
    String host,
    String aggregationKey,
    Priority priority,
    String sourceType,
    AlertType alertType,
    List<String> tags) {

  /** {@code p:} of the protocol, {@code priority} of Datadog's API. */
  public enum Priority {
    NORMAL,
    LOW;

    /** The protocol's and the API's spelling. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@code t:} of the protocol, {@code alert_type} of Datadog's API. */
  public enum AlertType {
    ERROR,
    WARNING,
    INFO,
    SUCCESS;

    /** The protocol's and the API's spelling. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Event {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(aggregationKey, "aggregationKey");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(sourceType, "sourceType");
    Objects.requireNonNull(alertType, "alertType");
    tags = List.copyOf(tags);
  }

  /** An event with only a title, a text and a time: the protocol's defaults for the rest. */
  public static Event of(String title, String text, long timestamp) {
    return new Event(
        title, text, timestamp, "", "", Priority.NORMAL, "", AlertType.INFO, List.of());
  }
}
