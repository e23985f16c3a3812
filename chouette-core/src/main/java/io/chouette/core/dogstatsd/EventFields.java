package io.chouette.core.dogstatsd;

import io.chouette.core.event.Event;
import io.chouette.core.event.ServiceCheck;
import java.util.List;
import java.util.Locale;

/**
 * Reads every field of an event or service check line that {@link DogStatsdParser#parseLine} has
 * accepted (DOGSTATSD.md §8, after the Agent's {@code parse_events.go} and {@code
 * parse_service_checks.go}). Events and checks are rare, so this allocates freely; the metric path
 * never comes here.
 *
 * <p>Optional fields come in any order, the last of a kind wins, unknown ones ({@code e:}) are
 * ignored. The origin fields are written into {@code line} for origin detection: the {@code c:}
 * field's offsets ({@code containerStart}, {@code containerEnd}) and the {@code card:} value. A bad
 * optional field (a priority other than {@code normal} or {@code low}, an alert type other than
 * {@code error}, {@code warning}, {@code info} or {@code success}, a timestamp that is not an
 * integer >= 1) is ignored and the line kept, as the Agent does.
 */
final class EventFields {

  private EventFields() {}

  /**
   * The event on {@code b[.., end)}, which {@code line} describes.
   *
   * <pre>{@code
   * _e{5,9}:title|line\none|d:1700000000|h:pi-7|k:key|p:low|s:app|t:error|#env:prod
   * }</pre>
   *
   * @param arrivalSeconds the timestamp when the line has no valid {@code d:}
   */
  static Event event(byte[] b, int end, ParsedLine line, long arrivalSeconds) {
    String title = unescapeNewlines(DogStatsdParser.utf8(b, line.nameStart, line.nameEnd));
    String text = unescapeNewlines(DogStatsdParser.utf8(b, line.valueStart, line.valueEnd));
    long timestamp = arrivalSeconds;
    String host = "";
    String aggregationKey = "";
    Event.Priority priority = Event.Priority.NORMAL;
    String sourceType = "";
    Event.AlertType alertType = Event.AlertType.INFO;
    List<String> tags = List.of();
    // The Agent skips one byte after the text, whatever it is (parseLine checked the lengths).
    for (int i = line.valueEnd + 1; i < end; ) {
      int fieldEnd = fieldEnd(b, i, end);
      if (startsWith(b, i, fieldEnd, 'd', ':')) {
        timestamp = timestampOr(b, i + 2, fieldEnd, timestamp);
      } else if (startsWith(b, i, fieldEnd, 'h', ':')) {
        host = DogStatsdParser.utf8(b, i + 2, fieldEnd);
      } else if (startsWith(b, i, fieldEnd, 'c', ':')) {
        line.containerStart = i + 2;
        line.containerEnd = fieldEnd;
      } else if (DogStatsdParser.isCardinalityField(b, i, fieldEnd)) {
        line.cardinality = MessageCardinality.parse(b, i + 5, fieldEnd);
      } else if (startsWith(b, i, fieldEnd, 'k', ':')) {
        aggregationKey = DogStatsdParser.utf8(b, i + 2, fieldEnd);
      } else if (startsWith(b, i, fieldEnd, 'p', ':')) {
        priority = wireValue(Event.Priority.values(), b, i + 2, fieldEnd, priority);
      } else if (startsWith(b, i, fieldEnd, 's', ':')) {
        sourceType = DogStatsdParser.utf8(b, i + 2, fieldEnd);
      } else if (startsWith(b, i, fieldEnd, 't', ':')) {
        alertType = wireValue(Event.AlertType.values(), b, i + 2, fieldEnd, alertType);
      } else if (i < fieldEnd && b[i] == '#') {
        tags = DogStatsdParser.splitTags(b, i + 1, fieldEnd);
      }
      i = fieldEnd + 1;
    }
    return new Event(
        title, text, timestamp, host, aggregationKey, priority, sourceType, alertType, tags);
  }

  /**
   * The service check on {@code b[.., end)}, which {@code line} describes.
   *
   * <pre>{@code
   * _sc|app.db|2|d:1700000000|h:pi-7|#env:prod|m:connection refused
   * }</pre>
   *
   * The message ends at the next {@code |}, as in the Agent: the protocol wants {@code m:} last,
   * and a field after it is still read.
   *
   * @param arrivalSeconds the timestamp when the line has no valid {@code d:}
   */
  static ServiceCheck serviceCheck(byte[] b, int end, ParsedLine line, long arrivalSeconds) {
    String name = DogStatsdParser.utf8(b, line.nameStart, line.nameEnd);
    int status = b[line.nameEnd + 1] - '0';
    long timestamp = arrivalSeconds;
    String host = "";
    String message = "";
    List<String> tags = List.of();
    for (int i = line.nameEnd + 3; i < end; ) {
      int fieldEnd = fieldEnd(b, i, end);
      if (startsWith(b, i, fieldEnd, 'd', ':')) {
        timestamp = timestampOr(b, i + 2, fieldEnd, timestamp);
      } else if (startsWith(b, i, fieldEnd, 'h', ':')) {
        host = DogStatsdParser.utf8(b, i + 2, fieldEnd);
      } else if (startsWith(b, i, fieldEnd, 'c', ':')) {
        line.containerStart = i + 2;
        line.containerEnd = fieldEnd;
      } else if (DogStatsdParser.isCardinalityField(b, i, fieldEnd)) {
        line.cardinality = MessageCardinality.parse(b, i + 5, fieldEnd);
      } else if (startsWith(b, i, fieldEnd, 'm', ':')) {
        message = DogStatsdParser.utf8(b, i + 2, fieldEnd);
      } else if (i < fieldEnd && b[i] == '#') {
        tags = DogStatsdParser.splitTags(b, i + 1, fieldEnd);
      }
      i = fieldEnd + 1;
    }
    return new ServiceCheck(name, status, timestamp, host, message, tags);
  }

  /** A literal backslash-n means a newline in titles and texts (the clients escape them so). */
  static String unescapeNewlines(String text) {
    return text.indexOf('\\') < 0 ? text : text.replace("\\n", "\n");
  }

  private static int fieldEnd(byte[] b, int from, int end) {
    int pipe = DogStatsdParser.indexOf(b, from, end, (byte) '|');
    return pipe < 0 ? end : pipe;
  }

  private static boolean startsWith(byte[] b, int from, int to, char first, char second) {
    return to - from >= 2 && b[from] == first && b[from + 1] == second;
  }

  private static long timestampOr(byte[] b, int start, int end, long fallback) {
    long timestamp = GoNumbers.parseInt64(b, start, end);
    return timestamp >= 1 ? timestamp : fallback; // NOT_AN_INTEGER is negative
  }

  /** The constant whose lower-case name is {@code b[start, end)}, else {@code fallback}. */
  private static <E extends Enum<E>> E wireValue(
      E[] values, byte[] b, int start, int end, E fallback) {
    String wire = DogStatsdParser.utf8(b, start, end);
    for (E value : values) {
      if (value.name().toLowerCase(Locale.ROOT).equals(wire)) {
        return value;
      }
    }
    return fallback;
  }
}
