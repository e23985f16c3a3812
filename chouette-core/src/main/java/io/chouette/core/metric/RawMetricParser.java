package io.chouette.core.metric;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads raw metric records as chouette-iot-client writes them:
 *
 * <pre>
 * {"metric": "requests", "type": "count", "value": 1, "timestamp": 1600000000.5,
 *  "tags": {"route": "/"}}
 * </pre>
 *
 * A pure function: bad input gives {@link RawRecord.Rejected} with a reason, never an exception.
 */
public final class RawMetricParser {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RawMetricParser() {}

  public static RawRecord parse(String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return new RawRecord.Rejected("not valid JSON");
    }
    if (node == null || !node.isObject()) {
      return new RawRecord.Rejected("not a JSON object");
    }
    JsonNode name = node.get("metric");
    if (name == null || !name.isTextual() || name.asText().isEmpty()) {
      return new RawRecord.Rejected("no metric name");
    }
    JsonNode typeNode = node.get("type");
    if (typeNode == null || !typeNode.isTextual()) {
      return new RawRecord.Rejected("no type");
    }
    Optional<MetricType> type = MetricType.fromWireName(typeNode.asText());
    if (type.isEmpty()) {
      return new RawRecord.Rejected("unknown type \"" + typeNode.asText() + "\"");
    }
    JsonNode timestamp = node.get("timestamp");
    if (timestamp == null || !timestamp.isNumber() || !Double.isFinite(timestamp.asDouble())) {
      return new RawRecord.Rejected("no numeric timestamp");
    }
    JsonNode value = node.get("value");
    if (value == null) {
      return new RawRecord.Rejected("no value");
    }
    List<String> tags = tags(node.get("tags"));
    if (type.get() == MetricType.SET) {
      if (!value.isArray()) {
        return new RawRecord.Rejected("set value is not a list");
      }
      List<String> members = new ArrayList<>(value.size());
      value.forEach(member -> members.add(SetMembers.of(member)));
      return new RawRecord.Sample(
          name.asText(), type.get(), tags, Double.NaN, members, timestamp.asDouble());
    }
    if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
      return new RawRecord.Rejected(type.get().wireName() + " value is not a finite number");
    }
    return new RawRecord.Sample(
        name.asText(), type.get(), tags, value.asDouble(), List.of(), timestamp.asDouble());
  }

  /** {@code {"k": v}} as sorted {@code "k:str(v)"}; anything but an object means no tags. */
  static List<String> tags(JsonNode tags) {
    if (tags == null || !tags.isObject() || tags.isEmpty()) {
      return List.of();
    }
    List<String> result = new ArrayList<>(tags.size());
    Iterator<Map.Entry<String, JsonNode>> fields = tags.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      result.add(field.getKey() + ":" + PythonRepr.str(field.getValue()));
    }
    result.sort(null);
    return result;
  }
}
