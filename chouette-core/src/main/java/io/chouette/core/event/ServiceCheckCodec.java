package io.chouette.core.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.chouette.core.storage.NewRecord;
import java.util.List;
import java.util.Optional;

/**
 * The record of a service check in {@code chouette:service_checks:wrapped}, scored by the check's
 * timestamp; its fields are those of Datadog's check run:
 *
 * <pre>{@code
 * {"check": "app.db", "status": 2, "timestamp": 1700000000, "host_name": "", "message":
 *  "connection refused", "tags": ["env:prod"]}
 * }</pre>
 */
public final class ServiceCheckCodec {

  private ServiceCheckCodec() {}

  /** The record to store: its score is the check's own timestamp, so the TTL counts from it. */
  public static NewRecord toRecord(ServiceCheck check) {
    return new NewRecord(check.timestamp(), toJson(check));
  }

  public static String toJson(ServiceCheck check) {
    return StoredJson.write(
        json -> {
          json.writeStringField("check", check.name());
          json.writeNumberField("status", check.status());
          json.writeNumberField("timestamp", check.timestamp());
          json.writeStringField("host_name", check.host());
          json.writeStringField("message", check.message());
          StoredJson.writeTags(json, check.tags());
        });
  }

  /**
   * Reads a stored record; empty when it is not JSON, lacks a non-empty check name, a status of 0
   * to 3 or a whole timestamp, or a field has the wrong type. Never throws on bad input.
   */
  public static Optional<ServiceCheck> parse(String json) {
    Optional<JsonNode> object = StoredJson.object(json);
    if (object.isEmpty()) {
      return Optional.empty();
    }
    JsonNode node = object.get();
    String name = StoredJson.text(node, "check", null);
    JsonNode status = node.get("status");
    long timestamp = StoredJson.timestamp(node, "timestamp");
    String host = StoredJson.text(node, "host_name", "");
    String message = StoredJson.text(node, "message", "");
    List<String> tags = StoredJson.tags(node);
    if (name == null
        || name.isEmpty()
        || status == null
        || !status.isInt()
        || status.asInt() < ServiceCheck.OK
        || status.asInt() > ServiceCheck.UNKNOWN
        || timestamp < 1
        || host == null
        || message == null
        || tags == null) {
      return Optional.empty();
    }
    return Optional.of(new ServiceCheck(name, status.asInt(), timestamp, host, message, tags));
  }
}
