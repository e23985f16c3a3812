package io.chouette.core.metric;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * Canonical text of a set member, so that members compare as in Python: {@code 1}, {@code 1.0} and
 * {@code true} are one member (Python's {@code 1 == 1.0 == True}); the string {@code "1"} is
 * another.
 */
public final class SetMembers {
  private SetMembers() {}

  /**
   * A string member (also every DogStatsD set member, which the protocol treats as opaque text).
   */
  public static String ofString(String text) {
    return "s:" + text;
  }

  /** A numeric member. */
  public static String ofNumber(double value) {
    if (value == 0) {
      return "n:0"; // 0.0 == -0.0 in Python
    }
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "n:" + value;
    }
    return "n:" + new BigDecimal(value).stripTrailingZeros().toPlainString();
  }

  /** The member for a JSON value from a raw set record. */
  public static String of(JsonNode value) {
    if (value.isTextual()) {
      return ofString(value.asText());
    }
    if (value.isBoolean()) {
      return ofNumber(value.asBoolean() ? 1 : 0);
    }
    if (value.isIntegralNumber()) {
      return "n:" + value.bigIntegerValue();
    }
    if (value.isNumber()) {
      return ofNumber(value.asDouble());
    }
    if (value.isNull()) {
      return "none";
    }
    return "j:" + value; // lists and objects: by their JSON text
  }
}
