package io.chouette.core.metric;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON values the way Python's {@code str(value)} does, so that a tag such as {@code {"ok":
 * true}} becomes {@code ok:True}, the spelling every chouette-iot agent gives it, and a series
 * keeps its identity across agents (docs/COMPATIBILITY.md).
 *
 * <pre>{@code true -> True, null -> None, 3 -> 3, 3.0 -> 3.0, 1e16 -> 1e+16, 1.5e-05 -> 1.5e-05}
 * </pre>
 */
public final class PythonRepr {
  private PythonRepr() {}

  /** {@code str(value)} of a JSON value decoded by Python's {@code json} module. */
  public static String str(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "None";
    }
    if (value.isTextual()) {
      return value.asText();
    }
    return repr(value);
  }

  private static String repr(JsonNode value) {
    if (value == null || value.isNull()) {
      return "None";
    }
    if (value.isBoolean()) {
      return value.asBoolean() ? "True" : "False";
    }
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue().toString();
    }
    if (value.isNumber()) {
      return floatRepr(value.asDouble());
    }
    if (value.isTextual()) {
      return quote(value.asText());
    }
    if (value.isArray()) {
      StringBuilder out = new StringBuilder("[");
      for (int i = 0; i < value.size(); i++) {
        out.append(i == 0 ? "" : ", ").append(repr(value.get(i)));
      }
      return out.append(']').toString();
    }
    StringBuilder out = new StringBuilder("{");
    Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
    boolean first = true;
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      out.append(first ? "" : ", ").append(quote(field.getKey())).append(": ");
      out.append(repr(field.getValue()));
      first = false;
    }
    return out.append('}').toString();
  }

  /**
   * Python's {@code repr(float)}: the shortest digits that round-trip, positional for exponents
   * from -4 to 15, else scientific with a signed two-digit exponent.
   */
  public static String floatRepr(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (value == 0) {
      return (1 / value < 0) ? "-0.0" : "0.0";
    }
    BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    String digits = decimal.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - decimal.scale(); // position of the first digit
    String sign = value < 0 ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
      String plain = decimal.abs().toPlainString();
      return sign + (plain.contains(".") ? plain : plain + ".0");
    }
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String exp = String.format("%s%02d", exponent < 0 ? "-" : "+", Math.abs(exponent));
    return sign + mantissa + "e" + exp;
  }

  private static String quote(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
