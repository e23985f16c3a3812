package io.chouette.core.metric;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes the wrapped-metric JSON of DESIGN §3, byte for byte as chouette-iot agents write
 * it: {@code {"metric": ..., "tags": [...], "points": [[ts, value]], "type": ..., "interval": n}}.
 */
public final class WrappedMetricCodec {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private WrappedMetricCodec() {}

  /** The record's JSON text. */
  public static String toJson(WrappedMetric metric) {
    StringWriter out = new StringWriter(96);
    try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("metric", metric.metric());
      json.writeArrayFieldStart("tags");
      for (String tag : metric.tags()) {
        json.writeString(tag);
      }
      json.writeEndArray();
      json.writeArrayFieldStart("points");
      json.writeStartArray();
      json.writeNumber(metric.timestamp());
      json.writeNumber(metric.value());
      json.writeEndArray();
      json.writeEndArray();
      json.writeStringField("type", metric.type());
      if (metric.interval() != null) {
        json.writeNumberField("interval", metric.interval());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Parses a stored record; empty when it is not valid JSON or lacks {@code metric}, {@code type}
   * or a numeric first point. Never throws on bad input.
   */
  public static Optional<WrappedMetric> parse(String json) {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || !node.isObject()) {
        return Optional.empty();
      }
      JsonNode metric = node.get("metric");
      JsonNode type = node.get("type");
      JsonNode points = node.get("points");
      if (metric == null || !metric.isTextual() || type == null || !type.isTextual()) {
        return Optional.empty();
      }
      if (points == null || !points.isArray() || points.isEmpty()) {
        return Optional.empty();
      }
      JsonNode point = points.get(0);
      if (!point.isArray()
          || point.size() < 2
          || !point.get(0).isNumber()
          || !point.get(1).isNumber()) {
        return Optional.empty();
      }
      List<String> tags = new ArrayList<>();
      JsonNode tagsNode = node.get("tags");
      if (tagsNode != null && tagsNode.isArray()) {
        tagsNode.forEach(tag -> tags.add(tag.asText()));
      }
      JsonNode interval = node.get("interval");
      Integer intervalValue = interval != null && interval.isNumber() ? interval.asInt() : null;
      return Optional.of(
          new WrappedMetric(
              metric.asText(),
              type.asText(),
              tags,
              point.get(0).asDouble(),
              point.get(1).asDouble(),
              intervalValue));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
