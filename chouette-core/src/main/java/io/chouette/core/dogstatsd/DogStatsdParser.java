package io.chouette.core.dogstatsd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The DogStatsD datagram parser: the Datadog Agent's rules (DOGSTATSD.md §1–§9, from {@code
 * comp/dogstatsd/server/impl/parse*.go}) plus Chouette's decisions. Pure functions: no state, no
 * I/O, and no exception on any input; a bad line is reported as {@link ParsedLine.Kind#INVALID}
 * and the rest of the datagram is still read.
 *
 * <p>A datagram holds lines separated by {@code \n}; one {@code \r} before a line end is dropped;
 * empty lines are skipped. A metric line:
 *
 * <pre>{@code
 * name:value[:value...]|type[|@rate][|#tag,k:v][|T1700000000][|c:...][|e:...][|card:...]
 * }</pre>
 *
 * <p>The fields after the type come in any order; the last {@code #}, {@code @} or {@code T} wins;
 * any other field is ignored. Lines starting with {@code _e{} are events and lines starting with
 * {@code _sc} service checks: they are validated, never read as metrics.
 */
public final class DogStatsdParser {

  /** Receives each non-empty line of a datagram. */
  @FunctionalInterface
  public interface LineConsumer {
    void accept(byte[] buffer, int start, int end);
  }

  private DogStatsdParser() {}

  /**
   * Calls {@code consumer} for each non-empty line of {@code b[offset, offset + length)}, with its
   * line end and one trailing {@code \r} removed (Agent {@code scanLines}/{@code dropCR}).
   */
  public static void forEachLine(byte[] b, int offset, int length, LineConsumer consumer) {
    int end = offset + length;
    int i = offset;
    while (i < end) {
      int newline = indexOf(b, i, end, (byte) '\n');
      int lineEnd = newline < 0 ? end : newline;
      int contentEnd = lineEnd > i && b[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
      if (contentEnd > i) {
        consumer.accept(b, i, contentEnd);
      }
      i = newline < 0 ? end : newline + 1;
    }
  }

  /**
   * Parses one line {@code b[start, end)} (no line end) into {@code out} and returns its kind.
   * Allocates nothing unless a line packs more values than {@code out} holds.
   */
  public static ParsedLine.Kind parseLine(byte[] b, int start, int end, ParsedLine out) {
    out.reset();
    if (end - start >= 3 && b[start] == '_') {
      if (b[start + 1] == 'e' && b[start + 2] == '{') {
        return parseEvent(b, start, end, out);
      }
      if (b[start + 1] == 's' && b[start + 2] == 'c') {
        return parseServiceCheck(b, start, end, out);
      }
    }
    return parseMetric(b, start, end, out);
  }

  /** Every line of a datagram as immutable values (tests, tools); never throws. */
  public static List<DogStatsdLine> parse(byte[] datagram) {
    List<DogStatsdLine> lines = new ArrayList<>();
    ParsedLine out = new ParsedLine();
    forEachLine(
        datagram, 0, datagram.length, (b, start, end) -> lines.add(toLine(b, start, end, out)));
    return lines;
  }

  /** {@link #parse(byte[])} of a string's UTF-8 bytes. */
  public static List<DogStatsdLine> parse(String datagram) {
    return parse(datagram.getBytes(StandardCharsets.UTF_8));
  }

  // name:value[:value]|type|field|field...   (parse.go parseMetricSample)
  private static ParsedLine.Kind parseMetric(byte[] b, int start, int end, ParsedLine out) {
    ParsedLine.Kind metric = ParsedLine.Kind.METRIC;
    int pipe = indexOf(b, start, end, (byte) '|');
    if (pipe < 0) {
      return out.invalid(metric, DogStatsdProblem.NO_PIPE);
    }
    int colon = indexOf(b, start, pipe, (byte) ':');
    if (colon <= start || colon + 1 >= pipe) {
      return out.invalid(metric, DogStatsdProblem.NAME_OR_VALUE);
    }
    int typeEnd = indexOf(b, pipe + 1, end, (byte) '|');
    if (typeEnd < 0) {
      typeEnd = end;
    }
    DogStatsdType type = DogStatsdType.fromCode(b, pipe + 1, typeEnd);
    if (type == null) {
      return out.invalid(metric, DogStatsdProblem.TYPE);
    }
    out.type = type;
    out.nameStart = start;
    out.nameEnd = colon;
    out.valueStart = colon + 1;
    out.valueEnd = pipe;
    if (type != DogStatsdType.SET && !parseValues(b, colon + 1, pipe, out)) {
      return out.invalid(metric, DogStatsdProblem.VALUE);
    }
    for (int i = typeEnd; i < end; ) {
      int fieldStart = i + 1;
      int fieldEnd = indexOf(b, fieldStart, end, (byte) '|');
      if (fieldEnd < 0) {
        fieldEnd = end;
      }
      if (fieldStart < fieldEnd) {
        switch (b[fieldStart]) {
          case '#':
            out.tagsStart = fieldStart + 1;
            out.tagsEnd = fieldEnd;
            break;
          case '@':
            double rate = GoNumbers.parseFiniteDouble(b, fieldStart + 1, fieldEnd);
            if (!(rate > 0 && rate <= 1)) {
              return out.invalid(metric, DogStatsdProblem.SAMPLE_RATE);
            }
            out.sampleRate = rate;
            break;
          case 'T':
            long timestamp = GoNumbers.parseInt64(b, fieldStart + 1, fieldEnd);
            if (timestamp < 1) { // includes NOT_AN_INTEGER
              return out.invalid(metric, DogStatsdProblem.TIMESTAMP);
            }
            out.timestamp = timestamp;
            break;
          case 'c':
            if (fieldEnd - fieldStart > 2 && b[fieldStart + 1] == ':') {
              out.containerStart = fieldStart + 2; // origin detection (DOGSTATSD.md §6)
              out.containerEnd = fieldEnd;
            } else if (isCardinalityField(b, fieldStart, fieldEnd)) {
              out.cardinality = MessageCardinality.parse(b, fieldStart + 5, fieldEnd);
            }
            break;
          default:
            // e: and any future field are ignored, never an error (TestParseManyPipes).
            break;
        }
      }
      i = fieldEnd;
    }
    out.kind = metric;
    return metric;
  }

  /** One value, or {@code :}-separated values with empty items skipped (parseFloat64List). */
  private static boolean parseValues(byte[] b, int start, int end, ParsedLine out) {
    int i = start;
    while (i < end) {
      int colon = indexOf(b, i, end, (byte) ':');
      int itemEnd = colon < 0 ? end : colon;
      if (itemEnd > i) {
        double value = GoNumbers.parseFiniteDouble(b, i, itemEnd);
        if (Double.isNaN(value)) {
          return false;
        }
        out.addValue(value);
      }
      i = itemEnd + 1;
    }
    return out.valueCount > 0;
  }

  // _e{<title length>,<text length>}:<title>|<text>[|field...]   (parse_events.go)
  private static ParsedLine.Kind parseEvent(byte[] b, int start, int end, ParsedLine out) {
    ParsedLine.Kind event = ParsedLine.Kind.EVENT;
    int colon = indexOf(b, start, end, (byte) ':');
    if (colon < 0 || colon - start < 7) {
      return out.invalid(event, DogStatsdProblem.EVENT);
    }
    // The Agent takes the lengths from between "_e{" and the header's last byte, whatever it is.
    int lengthsEnd = colon - 1;
    int comma = indexOf(b, start + 3, lengthsEnd, (byte) ',');
    if (comma < 0) {
      return out.invalid(event, DogStatsdProblem.EVENT);
    }
    long titleLength = GoNumbers.parseInt64(b, start + 3, comma);
    long textLength = GoNumbers.parseInt64(b, comma + 1, lengthsEnd);
    if (titleLength <= 0 || textLength < 0) { // includes NOT_AN_INTEGER; a title is required
      return out.invalid(event, DogStatsdProblem.EVENT);
    }
    long available = end - (colon + 1);
    if (titleLength > available || textLength > available - titleLength - 1) {
      return out.invalid(event, DogStatsdProblem.EVENT);
    }
    out.nameStart = colon + 1;
    out.nameEnd = colon + 1 + (int) titleLength;
    out.valueStart = out.nameEnd + 1;
    out.valueEnd = out.valueStart + (int) textLength;
    // Optional fields (d:, h:, k:, p:, s:, t:, #): a bad one is only logged by the Agent, and the
    // event is kept; Chouette drops events, so they are not read.
    out.kind = event;
    return event;
  }

  // _sc|<name>|<status>[|field...]   (parse_service_checks.go)
  private static ParsedLine.Kind parseServiceCheck(byte[] b, int start, int end, ParsedLine out) {
    ParsedLine.Kind check = ParsedLine.Kind.SERVICE_CHECK;
    if (end - start < 4 || count(b, start, end, (byte) '|') < 2) {
      return out.invalid(check, DogStatsdProblem.SERVICE_CHECK);
    }
    int nameStart = start + 4; // the Agent pops 4 bytes ("_sc|") without looking at them
    int nameEnd = indexOf(b, nameStart, end, (byte) '|');
    if (nameEnd < 0 || nameEnd == nameStart) {
      return out.invalid(check, DogStatsdProblem.SERVICE_CHECK);
    }
    int statusEnd = indexOf(b, nameEnd + 1, end, (byte) '|');
    if (statusEnd < 0) {
      statusEnd = end;
    }
    if (statusEnd - nameEnd != 2 || b[nameEnd + 1] < '0' || b[nameEnd + 1] > '3') {
      return out.invalid(check, DogStatsdProblem.SERVICE_CHECK);
    }
    out.nameStart = nameStart;
    out.nameEnd = nameEnd;
    out.valueCount = 0;
    out.timestamp = b[nameEnd + 1] - '0'; // the status, for toLine
    out.kind = check;
    return check;
  }

  private static DogStatsdLine toLine(byte[] b, int start, int end, ParsedLine out) {
    switch (parseLine(b, start, end, out)) {
      case METRIC:
        List<Double> values = new ArrayList<>(out.valueCount);
        for (int i = 0; i < out.valueCount; i++) {
          values.add(out.values[i]);
        }
        return new DogStatsdLine.Metric(
            utf8(b, out.nameStart, out.nameEnd),
            out.type,
            values,
            out.type == DogStatsdType.SET ? utf8(b, out.valueStart, out.valueEnd) : null,
            out.sampleRate,
            splitTags(b, out.tagsStart, out.tagsEnd),
            out.timestamp);
      case EVENT:
        return new DogStatsdLine.Event(
            utf8(b, out.nameStart, out.nameEnd), utf8(b, out.valueStart, out.valueEnd));
      case SERVICE_CHECK:
        return new DogStatsdLine.ServiceCheck(
            utf8(b, out.nameStart, out.nameEnd), (int) out.timestamp);
      default:
        return new DogStatsdLine.Invalid(out.invalidKind, out.problem, utf8(b, start, end));
    }
  }

  /** The tags of {@code b[start, end)}: split on every comma, empty ones dropped, in order. */
  static List<String> splitTags(byte[] b, int start, int end) {
    List<String> tags = new ArrayList<>();
    int i = start;
    while (i < end) {
      int comma = indexOf(b, i, end, (byte) ',');
      int tagEnd = comma < 0 ? end : comma;
      if (tagEnd > i) {
        tags.add(utf8(b, i, tagEnd));
      }
      i = tagEnd + 1;
    }
    return tags;
  }

  static String utf8(byte[] b, int start, int end) {
    return new String(b, start, end - start, StandardCharsets.UTF_8);
  }

  static int indexOf(byte[] b, int from, int to, byte value) {
    for (int i = from; i < to; i++) {
      if (b[i] == value) {
        return i;
      }
    }
    return -1;
  }

  private static int count(byte[] b, int from, int to, byte value) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (b[i] == value) {
        n++;
      }
    }
    return n;
  }

  /** Whether {@code b[start, end)} is a {@code card:} field. */
  static boolean isCardinalityField(byte[] b, int start, int end) {
    return end - start >= 5
        && b[start] == 'c'
        && b[start + 1] == 'a'
        && b[start + 2] == 'r'
        && b[start + 3] == 'd'
        && b[start + 4] == ':';
  }
}
