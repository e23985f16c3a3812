package io.chouette.core.sketch;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the JSON record of a {@link WrappedSketch} in {@code chouette:sketches:wrapped}:
 *
 * <pre>
 * {"metric": "request.latency", "tags": ["env:prod"], "host": "node-1", "ts": 1600000000,
 *  "cnt": 3, "min": 1.5, "max": 10.0, "sum": 13.5, "avg": 4.5,
 *  "k": [1365, 1427, 1487], "n": [1, 1, 1]}
 * </pre>
 *
 * A non-finite {@code sum} or {@code avg} (a sum past 1.8e308) is written as the string {@code
 * "Infinity"}, {@code "-Infinity"} or {@code "NaN"}, Jackson's default, and read back. Parsing is a
 * pure function: a broken record gives {@link SketchRecord.Rejected} with the reason, never an
 * exception.
 */
public final class WrappedSketchCodec {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private WrappedSketchCodec() {}

  /** The record's JSON text. */
  public static String toJson(WrappedSketch wrapped) {
    DistributionSketch sketch = wrapped.sketch();
    StringWriter out = new StringWriter(160 + 12 * sketch.binCount());
    try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("metric", wrapped.metric());
      json.writeArrayFieldStart("tags");
      for (String tag : wrapped.tags()) {
        json.writeString(tag);
      }
      json.writeEndArray();
      json.writeStringField("host", wrapped.host());
      json.writeNumberField("ts", wrapped.ts());
      json.writeNumberField("cnt", sketch.cnt());
      json.writeNumberField("min", sketch.min());
      json.writeNumberField("max", sketch.max());
      json.writeNumberField("sum", sketch.sum());
      json.writeNumberField("avg", sketch.avg());
      int[] k = sketch.k();
      int[] n = sketch.n();
      json.writeFieldName("k");
      json.writeArray(k, 0, k.length);
      json.writeFieldName("n");
      json.writeArray(n, 0, n.length);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  /** Parses a stored record; never throws on bad input. */
  public static SketchRecord parse(String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return new SketchRecord.Rejected("not valid JSON");
    }
    if (node == null || !node.isObject()) {
      return new SketchRecord.Rejected("not a JSON object");
    }
    JsonNode metric = node.get("metric");
    if (metric == null || !metric.isTextual() || metric.asText().isEmpty()) {
      return new SketchRecord.Rejected("no metric name");
    }
    JsonNode host = node.get("host");
    if (host != null && !host.isTextual()) {
      return new SketchRecord.Rejected("host is not a string");
    }
    JsonNode tagsNode = node.get("tags");
    List<String> tags = new ArrayList<>();
    if (tagsNode != null) {
      if (!tagsNode.isArray()) {
        return new SketchRecord.Rejected("tags is not a list");
      }
      for (JsonNode tag : tagsNode) {
        if (!tag.isTextual()) {
          return new SketchRecord.Rejected("tags holds a non-string");
        }
        tags.add(tag.asText());
      }
    }
    JsonNode ts = node.get("ts");
    if (ts == null || !ts.isIntegralNumber() || !ts.canConvertToLong()) {
      return new SketchRecord.Rejected("no integer ts");
    }
    JsonNode cnt = node.get("cnt");
    if (cnt == null || !cnt.isIntegralNumber() || !cnt.canConvertToLong() || cnt.asLong() < 0) {
      return new SketchRecord.Rejected("no integer cnt >= 0");
    }
    double[] summary = new double[4];
    String[] names = {"min", "max", "sum", "avg"};
    for (int i = 0; i < names.length; i++) {
      JsonNode value = node.get(names[i]);
      if (value == null || !isDouble(value)) {
        return new SketchRecord.Rejected("no numeric " + names[i]);
      }
      summary[i] = value.isNumber() ? value.asDouble() : Double.parseDouble(value.asText());
    }
    int[] k = ints(node.get("k"));
    int[] n = ints(node.get("n"));
    if (k == null || n == null) {
      return new SketchRecord.Rejected("k and n must be lists of integers");
    }
    DistributionSketch sketch;
    try {
      sketch =
          new DistributionSketch(
              cnt.asLong(), summary[0], summary[1], summary[2], summary[3], k, n);
    } catch (IllegalArgumentException e) {
      return new SketchRecord.Rejected("bad bins: " + e.getMessage());
    }
    String hostName = host == null ? "" : host.asText();
    return new SketchRecord.Valid(
        new WrappedSketch(metric.asText(), hostName, tags, ts.asLong(), sketch));
  }

  /** A JSON number, or the string Jackson writes for a non-finite double. */
  private static boolean isDouble(JsonNode value) {
    if (value.isNumber()) {
      return true;
    }
    if (!value.isTextual()) {
      return false;
    }
    String text = value.asText();
    return text.equals("NaN") || text.equals("Infinity") || text.equals("-Infinity");
  }

  /** The array's ints, or null when it is missing or holds anything but 32-bit integers. */
  private static int[] ints(JsonNode array) {
    if (array == null || !array.isArray()) {
      return null;
    }
    int[] values = new int[array.size()];
    for (int i = 0; i < values.length; i++) {
      JsonNode value = array.get(i);
      if (!value.isIntegralNumber() || !value.canConvertToInt()) {
        return null;
      }
      values[i] = value.asInt();
    }
    return values;
  }
}
