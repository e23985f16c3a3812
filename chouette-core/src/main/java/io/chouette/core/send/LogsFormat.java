package io.chouette.core.send;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.chouette.core.storage.StoredRecord;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The logs payload of {@code POST /v1/input}: a JSON array of log objects.
 *
 * <p>Records are the objects chouette-iot-client's log handler writes:
 *
 * <pre>{@code
 * {"date": "2020-09-13T12:26:40.123456+00:00", "ddsource": "my-app", "ddtags": ["env:prod"],
 *  "level": "INFO", "message": {"msg": "started"}, "service": "my-app", ...extras}
 * }</pre>
 *
 * {@code ddtags} may be a list, or already the comma-separated string Datadog reads; either way it
 * leaves as one comma-joined string with the global tags appended (without repeating a tag), and
 * {@code host} is set when {@code HOST} is. Every other field is sent as it is.
 *
 * <p>A log over Datadog's 1 MB limit is truncated here, not dropped: its longest text values are
 * cut (ending with {@value #TRUNCATION_MARK}) until it fits.
 *
 * @see <a href="https://docs.datadoghq.com/api/latest/logs/#send-logs">Send logs (v1)</a>
 */
final class LogsFormat implements PayloadFormat<byte[]> {

  static final String TRUNCATION_MARK = "...[truncated by chouette]";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_CUTS = 64;

  /** Top-level fields that identify a log: never cut while something else can be. */
  private static final Set<String> KEPT_FIELDS =
      Set.of("date", "ddsource", "ddtags", "level", "service", "host", "status");

  private final List<String> globalTags;
  private final String host;
  private final int maxLogBytes;

  LogsFormat(List<String> globalTags, String host) {
    this(globalTags, host, DatadogLimits.LOG_MAX_BYTES);
  }

  /** With another single-log limit. */
  // visible for testing
  LogsFormat(List<String> globalTags, String host, int maxLogBytes) {
    this.globalTags = List.copyOf(globalTags);
    this.host = host == null || host.isBlank() ? null : host;
    this.maxLogBytes = maxLogBytes;
  }

  @Override
  public String kind() {
    return "logs";
  }

  @Override
  public Parsed<byte[]> parse(List<StoredRecord> records) {
    List<Item<byte[]>> items = new ArrayList<>(records.size());
    List<Invalid> invalid = new ArrayList<>();
    int truncated = 0;
    for (StoredRecord record : records) {
      JsonNode node;
      try {
        node = MAPPER.readTree(record.json());
      } catch (JsonProcessingException e) {
        node = null;
      }
      if (!(node instanceof ObjectNode log)) {
        invalid.add(
            new Invalid(record.key(), "not a JSON object: " + SeriesFormat.snippet(record.json())));
        continue;
      }
      log.put("ddtags", String.join(",", tags(log.get("ddtags"))));
      if (host != null) {
        log.put("host", host);
      }
      byte[] bytes = write(log);
      if (bytes.length > maxLogBytes) {
        bytes = truncate(log, maxLogBytes);
        truncated++;
      }
      items.add(new Item<>(record.key(), bytes, bytes.length + 1L));
    }
    return new Parsed<>(items, invalid, truncated);
  }

  @Override
  public byte[] encode(List<Item<byte[]>> items) {
    long size = 2;
    for (Item<byte[]> item : items) {
      size += item.size();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(size, Integer.MAX_VALUE));
    out.write('[');
    boolean first = true;
    for (Item<byte[]> item : items) {
      if (!first) {
        out.write(',');
      }
      out.writeBytes(item.value());
      first = false;
    }
    out.write(']');
    return out.toByteArray();
  }

  @Override
  public int maxEntries() {
    return DatadogLimits.LOGS_MAX_ENTRIES;
  }

  @Override
  public long maxUncompressedBytes() {
    return DatadogLimits.LOGS_MAX_UNCOMPRESSED_BYTES;
  }

  @Override
  public long maxCompressedBytes() {
    // Datadog documents no compressed limit for logs; the uncompressed one is the stricter.
    return DatadogLimits.LOGS_MAX_UNCOMPRESSED_BYTES;
  }

  @Override
  public String describe(Item<byte[]> item) {
    return SeriesFormat.snippet(new String(item.value(), StandardCharsets.UTF_8));
  }

  /** The record's tags then the global ones, each once. */
  private List<String> tags(JsonNode ddtags) {
    LinkedHashSet<String> tags = new LinkedHashSet<>();
    if (ddtags != null && ddtags.isArray()) {
      ddtags.forEach(tag -> addTag(tags, tag.isTextual() ? tag.asText() : tag.toString()));
    } else if (ddtags != null && ddtags.isTextual()) {
      for (String tag : ddtags.asText().split(",")) {
        addTag(tags, tag);
      }
    } else if (ddtags != null && ddtags.isObject()) {
      ddtags.properties().forEach(e -> addTag(tags, e.getKey() + ":" + e.getValue().asText()));
    }
    globalTags.forEach(tag -> addTag(tags, tag));
    return List.copyOf(tags);
  }

  private static void addTag(LinkedHashSet<String> tags, String tag) {
    String trimmed = tag.trim();
    if (!trimmed.isEmpty()) {
      tags.add(trimmed);
    }
  }

  /** Cuts the longest text values until the log fits in {@code limit} bytes. */
  static byte[] truncate(ObjectNode log, int limit) {
    byte[] bytes = write(log);
    for (int cut = 0; cut < MAX_CUTS && bytes.length > limit; cut++) {
      TextSlot longest = longestText(log, null, true);
      if (longest == null || longest.text().length() <= TRUNCATION_MARK.length() * 2) {
        break;
      }
      int excess = bytes.length - limit;
      // Removing n characters removes at least n bytes, so one cut usually suffices.
      int keep = Math.max(0, longest.text().length() - excess - TRUNCATION_MARK.length());
      if (keep > 0 && Character.isHighSurrogate(longest.text().charAt(keep - 1))) {
        keep--;
      }
      longest.replace(longest.text().substring(0, keep) + TRUNCATION_MARK);
      bytes = write(log);
    }
    if (bytes.length <= limit) {
      return bytes;
    }
    return skeleton(log, limit);
  }

  /**
   * The last resort for a log whose size is not in a few long texts (a huge array, thousands of
   * fields): its identifying fields and the start of its message as text.
   */
  private static byte[] skeleton(ObjectNode log, int limit) {
    ObjectNode small = MAPPER.createObjectNode();
    for (String field :
        List.of("date", "ddsource", "ddtags", "level", "service", "host", "status")) {
      JsonNode value = log.get(field);
      if (value != null && value.isTextual() && value.asText().length() < limit / 8) {
        small.set(field, value);
      }
    }
    JsonNode message = log.get("message");
    String text =
        message == null
            ? log.toString()
            : message.isTextual() ? message.asText() : message.toString();
    int keep = Math.min(text.length(), limit / 2);
    while (true) {
      int end = keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1)) ? keep - 1 : keep;
      small.put("message", text.substring(0, end) + TRUNCATION_MARK);
      byte[] bytes = write(small);
      if (bytes.length <= limit || keep == 0) {
        return bytes;
      }
      keep /= 2;
    }
  }

  /** A text value inside a container, which can be replaced in place. */
  private record TextSlot(JsonNode container, String field, int index, String text) {
    void replace(String value) {
      if (container instanceof ObjectNode object) {
        object.put(field, value);
      } else {
        ((ArrayNode) container).set(index, new TextNode(value));
      }
    }
  }

  private static TextSlot longestText(JsonNode container, TextSlot best, boolean top) {
    if (container instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        JsonNode value = field.getValue();
        if (top && KEPT_FIELDS.contains(field.getKey())) {
          continue;
        }
        if (value.isTextual()) {
          if (best == null || value.asText().length() > best.text().length()) {
            best = new TextSlot(object, field.getKey(), -1, value.asText());
          }
        } else if (value.isContainerNode()) {
          best = longestText(value, best, false);
        }
      }
    } else if (container instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode value = array.get(i);
        if (value.isTextual()) {
          if (best == null || value.asText().length() > best.text().length()) {
            best = new TextSlot(array, null, i, value.asText());
          }
        } else if (value.isContainerNode()) {
          best = longestText(value, best, false);
        }
      }
    }
    return best;
  }

  private static byte[] write(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
