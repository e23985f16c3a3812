package io.chouette.core.metric;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A raw numeric metric as chouette-iot-client writes it to {@code chouette:metrics:raw}:
 *
 * <pre>
 * {"metric": "name", "type": "count", "value": 1, "timestamp": 1600000000.1,
 *  "tags": {"k": "v"}}
 * </pre>
 *
 * Chouette writes its own self-metrics this way, so they take the normal aggregation path.
 */
public record RawMetric(
    String metric, MetricType type, double value, double timestamp, Map<String, String> tags) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public RawMetric {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(type, "type");
    tags = Map.copyOf(tags);
  }

  public static RawMetric count(
      String metric, double value, double timestamp, Map<String, String> tags) {
    return new RawMetric(metric, MetricType.COUNT, value, timestamp, tags);
  }

  public static RawMetric gauge(
      String metric, double value, double timestamp, Map<String, String> tags) {
    return new RawMetric(metric, MetricType.GAUGE, value, timestamp, tags);
  }

  /** The client's JSON layout; tags in key order so equal records serialise equally. */
  public String toJson() {
    StringWriter out = new StringWriter(128);
    try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("metric", metric);
      json.writeStringField("type", type.wireName());
      if (value == Math.rint(value) && Math.abs(value) < 1e15) {
        json.writeNumberField("value", (long) value);
      } else {
        json.writeNumberField("value", value);
      }
      json.writeNumberField("timestamp", timestamp);
      json.writeObjectFieldStart("tags");
      for (Map.Entry<String, String> tag : new TreeMap<>(tags).entrySet()) {
        json.writeStringField(tag.getKey(), tag.getValue());
      }
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
