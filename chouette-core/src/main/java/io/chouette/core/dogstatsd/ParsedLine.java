package io.chouette.core.dogstatsd;

/**
 * The result of parsing one line, written by {@link DogStatsdParser#parseLine} into a reusable
 * instance so that the receive path allocates nothing per line. Offsets point into the datagram
 * buffer that was parsed; they are valid until that buffer is reused. Not thread-safe: one per
 * receiving thread.
 */
public final class ParsedLine {

  /** What a line turned out to be. */
  public enum Kind {
    METRIC,
    EVENT,
    SERVICE_CHECK,
    /** A malformed line; {@link ParsedLine#problem} says why. */
    INVALID
  }

  Kind kind;

  /** For {@link Kind#INVALID}: the rule the line broke. */
  DogStatsdProblem problem;

  /** For {@link Kind#INVALID}: whether the bad line was a metric, an event or a service check. */
  Kind invalidKind;

  DogStatsdType type;
  int nameStart;
  int nameEnd;

  /** The raw value: the set member for sets, the (packed) numbers otherwise. */
  int valueStart;

  int valueEnd;
  double[] values = new double[8];
  int valueCount;
  double sampleRate;

  /** The text after the last {@code #} field; {@code tagsStart == tagsEnd} when there are none. */
  int tagsStart;

  int tagsEnd;

  /** Unix seconds from {@code |T}, 0 when absent. */
  long timestamp;

  /** The value of the {@code |c:} field (container id, protocol v1.2); empty when absent. */
  int containerStart;

  int containerEnd;

  /** The {@code |card:} field (protocol v1.6); null when absent or not a known value. */
  MessageCardinality cardinality;

  void reset() {
    kind = null;
    problem = null;
    invalidKind = null;
    type = null;
    nameStart = nameEnd = valueStart = valueEnd = tagsStart = tagsEnd = 0;
    containerStart = containerEnd = 0;
    cardinality = null;
    valueCount = 0;
    sampleRate = 1.0;
    timestamp = 0;
  }

  void addValue(double value) {
    if (valueCount == values.length) {
      double[] grown = new double[values.length * 2];
      System.arraycopy(values, 0, grown, 0, valueCount);
      values = grown;
    }
    values[valueCount++] = value;
  }

  Kind invalid(Kind of, DogStatsdProblem why) {
    kind = Kind.INVALID;
    invalidKind = of;
    problem = why;
    return Kind.INVALID;
  }

  public Kind kind() {
    return kind;
  }
}
