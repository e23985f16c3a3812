package io.chouette.core.send;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chouette.core.event.Event;
import io.chouette.core.event.EventCodec;
import io.chouette.core.storage.StoredRecord;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The body of {@code POST /v1/events}: one event, as Datadog documents it.
 *
 * <pre>{@code
 * {"title": "deploy", "text": "v2 is out", "date_happened": 1700000000, "priority": "normal",
 *  "host": "pi-7", "tags": ["app:web", "env:prod"], "alert_type": "info",
 *  "aggregation_key": "deploys", "source_type_name": "my apps"}
 * }</pre>
 *
 * {@code host} is the event's {@code h:}, else {@code HOST} (left out when both are empty); {@code
 * GLOBAL_TAGS} follow the event's tags (without repeating one); an empty aggregation key or source
 * type is left out. A title, text or aggregation key over Datadog's limits ({@link DatadogLimits})
 * is cut to fit, ending with {@value #ELLIPSIS}, and the event counted as truncated: it is sent,
 * never dropped. Sent uncompressed, as the Agent sends events.
 *
 * @see <a href="https://docs.datadoghq.com/api/latest/events/#post-an-event">Post an event</a>
 */
final class EventsFormat implements PayloadFormat<byte[]> {

  static final String ELLIPSIS = "…";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final List<String> globalTags;
  private final String host;

  EventsFormat(List<String> globalTags, String host) {
    this.globalTags = List.copyOf(globalTags);
    this.host = host == null ? "" : host;
  }

  @Override
  public String kind() {
    return "events";
  }

  @Override
  public Parsed<byte[]> parse(List<StoredRecord> records) {
    List<Item<byte[]>> items = new ArrayList<>(records.size());
    List<Invalid> invalid = new ArrayList<>();
    int truncated = 0;
    for (StoredRecord record : records) {
      Optional<Event> event = EventCodec.parse(record.json());
      if (event.isEmpty()) {
        invalid.add(
            new Invalid(
                record.key(), "not a stored event: " + SeriesFormat.snippet(record.json())));
        continue;
      }
      Event e = event.get();
      String title = fit(e.title(), DatadogLimits.EVENT_TITLE_MAX_CHARS);
      String text = fit(e.text(), DatadogLimits.EVENT_TEXT_MAX_CHARS);
      String key = fit(e.aggregationKey(), DatadogLimits.EVENT_AGGREGATION_KEY_MAX_CHARS);
      if (!title.equals(e.title()) || !text.equals(e.text()) || !key.equals(e.aggregationKey())) {
        truncated++;
      }
      byte[] body = write(e, title, text, key);
      items.add(new Item<>(record.key(), body, body.length));
    }
    return new Parsed<>(items, invalid, truncated);
  }

  private byte[] write(Event event, String title, String text, String aggregationKey) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("title", title);
    json.put("text", text);
    json.put("date_happened", event.timestamp());
    json.put("priority", event.priority().wire());
    String eventHost = event.host().isEmpty() ? host : event.host();
    if (!eventHost.isEmpty()) {
      json.put("host", eventHost);
    }
    Tags.withGlobal(event.tags(), globalTags).forEach(json.putArray("tags")::add);
    json.put("alert_type", event.alertType().wire());
    if (!aggregationKey.isEmpty()) {
      json.put("aggregation_key", aggregationKey);
    }
    if (!event.sourceType().isEmpty()) {
      json.put("source_type_name", event.sourceType());
    }
    try {
      return MAPPER.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code text} when it has at most {@code max} characters, else its start and {@value #ELLIPSIS},
   * {@code max} characters in all, never splitting a surrogate pair.
   */
  static String fit(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int keep = max - ELLIPSIS.length();
    if (Character.isHighSurrogate(text.charAt(keep - 1))) {
      keep--;
    }
    return text.substring(0, keep) + ELLIPSIS;
  }

  @Override
  public byte[] encode(List<Item<byte[]>> items) {
    if (items.size() != 1) {
      throw new IllegalArgumentException("one event per request, not " + items.size());
    }
    return items.get(0).value();
  }

  @Override
  public boolean deflated() {
    return false;
  }

  @Override
  public int maxEntries() {
    return 1;
  }

  @Override
  public long maxUncompressedBytes() {
    return DatadogLimits.EVENT_MAX_BYTES;
  }

  @Override
  public long maxCompressedBytes() {
    return DatadogLimits.EVENT_MAX_BYTES;
  }

  @Override
  public String describe(Item<byte[]> item) {
    return SeriesFormat.snippet(new String(item.value(), StandardCharsets.UTF_8));
  }
}
