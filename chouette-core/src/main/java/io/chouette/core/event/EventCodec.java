package io.chouette.core.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.chouette.core.storage.NewRecord;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The record of an event in {@code chouette:events:wrapped}, scored by the event's timestamp:
 *
 * <pre>{@code
 * {"title": "deploy", "text": "v2 is out", "timestamp": 1700000000, "host": "", "aggregation_key":
 *  "", "priority": "normal", "source_type_name": "", "alert_type": "info", "tags": ["env:prod"]}
 * }</pre>
 */
public final class EventCodec {

  private EventCodec() {}

  /** The record to store: its score is the event's own timestamp, so EVENT_TTL counts from it. */
  public static NewRecord toRecord(Event event) {
    return new NewRecord(event.timestamp(), toJson(event));
  }

  public static String toJson(Event event) {
    return StoredJson.write(
        json -> {
          json.writeStringField("title", event.title());
          json.writeStringField("text", event.text());
          json.writeNumberField("timestamp", event.timestamp());
          json.writeStringField("host", event.host());
          json.writeStringField("aggregation_key", event.aggregationKey());
          json.writeStringField("priority", event.priority().wire());
          json.writeStringField("source_type_name", event.sourceType());
          json.writeStringField("alert_type", event.alertType().wire());
          StoredJson.writeTags(json, event.tags());
        });
  }

  /**
   * Reads a stored record; empty when it is not JSON, lacks a non-empty title, a text or a whole
   * timestamp, or a field has the wrong type or an unknown value. Never throws on bad input.
   */
  public static Optional<Event> parse(String json) {
    Optional<JsonNode> object = StoredJson.object(json);
    if (object.isEmpty()) {
      return Optional.empty();
    }
    JsonNode node = object.get();
    String title = StoredJson.text(node, "title", null);
    String text = StoredJson.text(node, "text", null);
    long timestamp = StoredJson.timestamp(node, "timestamp");
    String host = StoredJson.text(node, "host", "");
    String key = StoredJson.text(node, "aggregation_key", "");
    String priority = StoredJson.text(node, "priority", "normal");
    String source = StoredJson.text(node, "source_type_name", "");
    String alertType = StoredJson.text(node, "alert_type", "info");
    List<String> tags = StoredJson.tags(node);
    if (title == null
        || title.isEmpty()
        || text == null
        || timestamp < 1
        || host == null
        || key == null
        || source == null
        || tags == null) {
      return Optional.empty();
    }
    Event.Priority p = valueOf(Event.Priority.class, priority);
    Event.AlertType a = valueOf(Event.AlertType.class, alertType);
    if (p == null || a == null) {
      return Optional.empty();
    }
    return Optional.of(new Event(title, text, timestamp, host, key, p, source, a, tags));
  }

  private static <E extends Enum<E>> E valueOf(Class<E> type, String wire) {
    if (wire == null || !wire.equals(wire.toLowerCase(Locale.ROOT))) {
      return null;
    }
    try {
      return Enum.valueOf(type, wire.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
