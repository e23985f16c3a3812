package io.chouette.core.dogstatsd;

import java.nio.charset.StandardCharsets;

/**
 * Number syntax of the Datadog Agent's DogStatsD parser, which uses Go's {@code
 * strconv.ParseFloat(s, 64)} and {@code strconv.ParseInt(s, 10, 64)} on the raw bytes (DOGSTATSD.md
 * §4). Java's {@code Double.parseDouble} is not a substitute: it trims whitespace, accepts {@code
 * 1d} and {@code 1f}, and rejects {@code 1_000}.
 *
 * <p>Accepted floats: an optional sign, then decimal digits with an optional {@code .} and an
 * optional exponent ({@code 5}, {@code -0.25}, {@code .5}, {@code 5.}, {@code 1e3}, {@code
 * 1.0E10}), or a hexadecimal mantissa with a mandatory {@code p} exponent ({@code 0x1p-2}). Digits
 * may be separated by single underscores as in Go literals ({@code 1_000}). Rejected: surrounding
 * spaces, {@code 0x10}, {@code 1d}, {@code 1f}, {@code 1,5}, {@code ∞}. Go also accepts {@code NaN}
 * and {@code Inf}; Chouette rejects every non-finite value anyway, so here they are simply not
 * numbers.
 *
 * <p>Allocation-free for plain decimals of up to 15 significant digits (the common case); other
 * forms are checked here and then converted by the JDK, which rounds correctly like Go.
 */
final class GoNumbers {

  /** Returned by {@link #parseInt64} for anything that is not a base-10 int64. */
  static final long NOT_AN_INTEGER = Long.MIN_VALUE;

  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };
  private static final long MAX_EXACT_MANTISSA = 1L << 53;

  private GoNumbers() {}

  /**
   * The finite value of {@code b[start, end)}, or NaN when it is not a number by Go's rules, is NaN
   * or infinite, or overflows (Go: a range error). Never throws.
   */
  static double parseFiniteDouble(byte[] b, int start, int end) {
    double fast = parsePlainDecimal(b, start, end);
    if (!Double.isNaN(fast)) {
      return fast;
    }
    if (!isGoFloatSyntax(b, start, end)) {
      return Double.NaN;
    }
    StringBuilder text = new StringBuilder(end - start);
    for (int i = start; i < end; i++) {
      if (b[i] != '_') {
        text.append((char) b[i]);
      }
    }
    double value;
    try {
      value = Double.parseDouble(text.toString());
    } catch (NumberFormatException e) {
      return Double.NaN; // unreachable after the syntax check; kept so that nothing can throw
    }
    return Double.isInfinite(value) ? Double.NaN : value;
  }

  /**
   * {@code [sign] digits [. digits]} with at most 15 significant digits and 22 decimals, computed
   * exactly (one correctly rounded division of two exact doubles); NaN when the text has another
   * form or more digits, so that the caller takes the general path.
   */
  private static double parsePlainDecimal(byte[] b, int start, int end) {
    int i = start;
    if (i >= end) {
      return Double.NaN;
    }
    boolean negative = false;
    if (b[i] == '+' || b[i] == '-') {
      negative = b[i] == '-';
      i++;
    }
    long mantissa = 0;
    int significant = 0;
    int decimals = 0;
    boolean dot = false;
    boolean digits = false;
    for (; i < end; i++) {
      byte c = b[i];
      if (c >= '0' && c <= '9') {
        digits = true;
        if (mantissa != 0 || c != '0') {
          if (++significant > 15) {
            return Double.NaN;
          }
        }
        mantissa = mantissa * 10 + (c - '0');
        if (dot) {
          decimals++;
        }
      } else if (c == '.' && !dot) {
        dot = true;
      } else {
        return Double.NaN;
      }
    }
    if (!digits || decimals > 22 || mantissa > MAX_EXACT_MANTISSA) {
      return Double.NaN;
    }
    double value = decimals == 0 ? (double) mantissa : mantissa / POWERS_OF_TEN[decimals];
    return negative ? -value : value;
  }

  /** Go's {@code readFloat} grammar, requiring the whole text to be consumed. */
  static boolean isGoFloatSyntax(byte[] b, int start, int end) {
    int i = start;
    if (i >= end) {
      return false;
    }
    if (b[i] == '+' || b[i] == '-') {
      i++;
    }
    boolean hex = false;
    if (i + 2 < end && b[i] == '0' && lower(b[i + 1]) == 'x') {
      hex = true;
      i += 2;
    }
    boolean underscores = false;
    boolean sawDot = false;
    boolean sawDigits = false;
    for (; i < end; i++) {
      byte c = b[i];
      if (c == '_') {
        underscores = true;
      } else if (c == '.') {
        if (sawDot) {
          break;
        }
        sawDot = true;
      } else if (c >= '0' && c <= '9') {
        sawDigits = true;
      } else if (hex && lower(c) >= 'a' && lower(c) <= 'f') {
        sawDigits = true;
      } else {
        break;
      }
    }
    if (!sawDigits) {
      return false;
    }
    if (i < end && lower(b[i]) == (hex ? 'p' : 'e')) {
      i++;
      if (i >= end) {
        return false;
      }
      if (b[i] == '+' || b[i] == '-') {
        i++;
      }
      if (i >= end || b[i] < '0' || b[i] > '9') {
        return false;
      }
      for (; i < end && ((b[i] >= '0' && b[i] <= '9') || b[i] == '_'); i++) {
        if (b[i] == '_') {
          underscores = true;
        }
      }
    } else if (hex) {
      return false; // a hexadecimal mantissa must have a 'p' exponent
    }
    if (i != end) {
      return false;
    }
    return !underscores || underscoresOk(b, start, end);
  }

  /**
   * Go's {@code underscoreOK}: each underscore sits between two digits (or after a base prefix).
   */
  private static boolean underscoresOk(byte[] b, int start, int end) {
    char saw = '^';
    int i = start;
    if (i < end && (b[i] == '+' || b[i] == '-')) {
      i++;
    }
    boolean hex = false;
    if (end - i >= 2
        && b[i] == '0'
        && (lower(b[i + 1]) == 'b' || lower(b[i + 1]) == 'o' || lower(b[i + 1]) == 'x')) {
      hex = lower(b[i + 1]) == 'x';
      i += 2;
      saw = '0';
    }
    for (; i < end; i++) {
      byte c = b[i];
      if ((c >= '0' && c <= '9') || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
        saw = '0';
        continue;
      }
      if (c == '_') {
        if (saw != '0') {
          return false;
        }
        saw = '_';
        continue;
      }
      if (saw == '_') {
        return false;
      }
      saw = '!';
    }
    return saw != '_';
  }

  /**
   * Go's {@code strconv.ParseInt(s, 10, 64)}: an optional sign and at least one decimal digit,
   * nothing else; {@link #NOT_AN_INTEGER} when the text is not that or overflows.
   */
  static long parseInt64(byte[] b, int start, int end) {
    int i = start;
    if (i >= end) {
      return NOT_AN_INTEGER;
    }
    boolean negative = false;
    if (b[i] == '+' || b[i] == '-') {
      negative = b[i] == '-';
      i++;
      if (i >= end) {
        return NOT_AN_INTEGER;
      }
    }
    long value = 0; // accumulated negatively so that Long.MIN_VALUE fits
    for (; i < end; i++) {
      byte c = b[i];
      if (c < '0' || c > '9') {
        return NOT_AN_INTEGER;
      }
      int digit = c - '0';
      if (value < (Long.MIN_VALUE + digit) / 10) {
        return NOT_AN_INTEGER;
      }
      value = value * 10 - digit;
    }
    if (!negative) {
      if (value == Long.MIN_VALUE) {
        return NOT_AN_INTEGER;
      }
      return -value;
    }
    return value;
  }

  /** For tests and tools: the same rules applied to a string's UTF-8 bytes. */
  static double parseFiniteDouble(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return parseFiniteDouble(b, 0, b.length);
  }

  private static int lower(byte c) {
    return c | 0x20;
  }
}
