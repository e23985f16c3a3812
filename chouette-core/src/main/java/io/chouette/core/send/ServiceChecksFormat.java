package io.chouette.core.send;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chouette.core.event.ServiceCheck;
import io.chouette.core.event.ServiceCheckCodec;
import io.chouette.core.storage.StoredRecord;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The body of {@code POST /v1/check_run}: a JSON array of check runs, deflated.
 *
 * <pre>{@code
 * [{"check": "app.db", "host_name": "pi-7", "timestamp": 1700000000, "status": 2,
 *   "message": "connection refused", "tags": ["db:main", "env:prod"]}]
 * }</pre>
 *
 * {@code host_name} is the check's {@code h:}, else {@code HOST}; {@code GLOBAL_TAGS} follow the
 * check's tags (without repeating one).
 *
 * @see <a
 *     href="https://docs.datadoghq.com/api/latest/service-checks/#submit-a-service-check">Submit a
 *     service check</a>
 */
final class ServiceChecksFormat implements PayloadFormat<byte[]> {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final List<String> globalTags;
  private final String host;

  ServiceChecksFormat(List<String> globalTags, String host) {
    this.globalTags = List.copyOf(globalTags);
    this.host = host == null ? "" : host;
  }

  @Override
  public String kind() {
    return "service_checks";
  }

  @Override
  public Parsed<byte[]> parse(List<StoredRecord> records) {
    List<Item<byte[]>> items = new ArrayList<>(records.size());
    List<Invalid> invalid = new ArrayList<>();
    for (StoredRecord record : records) {
      Optional<ServiceCheck> check = ServiceCheckCodec.parse(record.json());
      if (check.isEmpty()) {
        invalid.add(
            new Invalid(
                record.key(),
                "not a stored service check: " + SeriesFormat.snippet(record.json())));
        continue;
      }
      byte[] run = write(check.get());
      items.add(new Item<>(record.key(), run, run.length + 1L));
    }
    return new Parsed<>(items, invalid, 0);
  }

  private byte[] write(ServiceCheck check) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("check", check.name());
    json.put("host_name", check.host().isEmpty() ? host : check.host());
    json.put("timestamp", check.timestamp());
    json.put("status", check.status());
    json.put("message", check.message());
    Tags.withGlobal(check.tags(), globalTags).forEach(json.putArray("tags")::add);
    try {
      return MAPPER.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public byte[] encode(List<Item<byte[]>> items) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write('[');
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(items.get(i).value());
    }
    out.write(']');
    return out.toByteArray();
  }

  @Override
  public int maxEntries() {
    return DatadogLimits.SERVICE_CHECKS_MAX_ENTRIES;
  }

  @Override
  public long maxUncompressedBytes() {
    return DatadogLimits.LOGS_MAX_UNCOMPRESSED_BYTES;
  }

  @Override
  public long maxCompressedBytes() {
    return DatadogLimits.METRICS_MAX_COMPRESSED_BYTES;
  }

  @Override
  public String describe(Item<byte[]> item) {
    return SeriesFormat.snippet(new String(item.value(), StandardCharsets.UTF_8));
  }
}
