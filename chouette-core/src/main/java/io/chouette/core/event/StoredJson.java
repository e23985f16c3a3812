package io.chouette.core.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The Jackson plumbing the two codecs share. */
final class StoredJson {

  static final ObjectMapper MAPPER = new ObjectMapper();

  /** Writes one JSON object. */
  @FunctionalInterface
  interface Writer {
    void write(JsonGenerator json) throws IOException;
  }

  private StoredJson() {}

  static String write(Writer writer) {
    StringWriter out = new StringWriter(128);
    try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
      json.writeStartObject();
      writer.write(json);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  static void writeTags(JsonGenerator json, List<String> tags) throws IOException {
    json.writeArrayFieldStart("tags");
    for (String tag : tags) {
      json.writeString(tag);
    }
    json.writeEndArray();
  }

  /** The object {@code json} holds, or empty when it is not a JSON object. */
  static Optional<JsonNode> object(String json) {
    try {
      JsonNode node = MAPPER.readTree(json);
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** A text field, {@code fallback} when absent; null when present but not text. */
  static String text(JsonNode node, String field, String fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    return value.isTextual() ? value.asText() : null;
  }

  /** A whole number of seconds >= 1, or -1. */
  static long timestamp(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      return -1;
    }
    return value.asLong() >= 1 ? value.asLong() : -1;
  }

  /** A list of texts (empty when absent), or null when it is something else. */
  static List<String> tags(JsonNode node) {
    JsonNode value = node.get("tags");
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      return null;
    }
    List<String> tags = new ArrayList<>(value.size());
    for (JsonNode tag : value) {
      if (!tag.isTextual()) {
        return null;
      }
      tags.add(tag.asText());
    }
    return tags;
  }
}
