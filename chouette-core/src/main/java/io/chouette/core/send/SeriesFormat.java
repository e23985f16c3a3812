package io.chouette.core.send;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.metric.WrappedMetricCodec;
import io.chouette.core.storage.StoredRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The metrics payload of {@code POST /api/v1/series}: {@code {"series": [...]}}.
 *
 * <p>Each wrapped record gets the global tags (appended, without repeating a tag it already has)
 * and {@code host} when {@code HOST} is set. Records of the same series (metric, type, tags, host,
 * interval) go out as one series entry with several points, which Datadog accepts as the same
 * series and which makes payloads smaller than one entry per record:
 *
 * <pre>{@code
 * {"series":[{"metric":"Chouette.host.la","points":[[1600000000,0.5],[1600000010,0.4]],
 *   "type":"gauge","tags":["period:1m","env:prod"],"host":"pi-7"}]}
 * }</pre>
 *
 * @see <a href="https://docs.datadoghq.com/api/latest/metrics/#submit-metrics">Submit metrics
 *     (v1)</a>
 */
final class SeriesFormat implements PayloadFormat<SeriesFormat.Point> {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** What makes two records one series. */
  record SeriesKey(String metric, String type, List<String> tags, String host, Integer interval) {}

  /** One record's point, with the series it belongs to. */
  record Point(SeriesKey series, double timestamp, double value) {}

  /** A series key with the size of its entry when it holds no points. */
  private record SizedSeries(SeriesKey key, long emptyEntryBytes) {
    static SizedSeries of(SeriesKey key) {
      return new SizedSeries(key, write(entry(key, List.of())).length);
    }
  }

  /** The request body. */
  record SeriesPayload(List<SeriesEntry> series) {}

  /** One series entry as Datadog's v1 API reads it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"metric", "points", "type", "tags", "host", "interval"})
  record SeriesEntry(
      String metric,
      @JsonSerialize(contentUsing = PointSerializer.class) List<double[]> points,
      String type,
      List<String> tags,
      String host,
      Integer interval) {}

  private final List<String> globalTags;
  private final String host;

  SeriesFormat(List<String> globalTags, String host) {
    this.globalTags = List.copyOf(globalTags);
    this.host = host == null || host.isBlank() ? null : host;
  }

  @Override
  public String kind() {
    return "metrics";
  }

  @Override
  public Parsed<Point> parse(List<StoredRecord> records) {
    List<Item<Point>> items = new ArrayList<>(records.size());
    List<Invalid> invalid = new ArrayList<>();
    // A bulk holds few series and many points: one key object per series keeps a bulk's parsed
    // form small while it is sent (a 10,000-record bulk of 200 series holds 200 keys, not 10,000).
    // Each key also carries its entry's size without points, so a point's size is a sum rather
    // than a serialization of its own.
    Map<SeriesKey, SizedSeries> seriesKeys = new HashMap<>();
    for (StoredRecord record : records) {
      Optional<WrappedMetric> parsed = WrappedMetricCodec.parse(record.json());
      if (parsed.isEmpty()) {
        invalid.add(new Invalid(record.key(), "not a wrapped metric: " + snippet(record.json())));
        continue;
      }
      WrappedMetric metric = parsed.get();
      if (!Double.isFinite(metric.timestamp()) || !Double.isFinite(metric.value())) {
        invalid.add(new Invalid(record.key(), "non-finite point: " + snippet(record.json())));
        continue;
      }
      SizedSeries series =
          seriesKeys.computeIfAbsent(
              new SeriesKey(
                  metric.metric(),
                  metric.type(),
                  withGlobalTags(metric.tags()),
                  host,
                  metric.interval()),
              SizedSeries::of);
      Point point = new Point(series.key(), metric.timestamp(), metric.value());
      // The entry alone plus a separating comma: an upper bound of its share of a merged payload.
      long size = series.emptyEntryBytes() + PointSerializer.length(point) + 1L;
      items.add(new Item<>(record.key(), point, size));
    }
    return new Parsed<>(items, invalid, 0);
  }

  @Override
  public byte[] encode(List<Item<Point>> items) {
    Map<SeriesKey, List<double[]>> merged = new LinkedHashMap<>();
    for (Item<Point> item : items) {
      Point point = item.value();
      merged
          .computeIfAbsent(point.series(), key -> new ArrayList<>())
          .add(new double[] {point.timestamp(), point.value()});
    }
    List<SeriesEntry> entries = new ArrayList<>(merged.size());
    merged.forEach((series, points) -> entries.add(entry(series, points)));
    return write(new SeriesPayload(entries));
  }

  /** One entry per record: the baseline for payload-size figures. */
  byte[] encodeUnmerged(List<Item<Point>> items) {
    List<SeriesEntry> entries = new ArrayList<>(items.size());
    for (Item<Point> item : items) {
      Point point = item.value();
      entries.add(entry(point.series(), List.of(new double[] {point.timestamp(), point.value()})));
    }
    return write(new SeriesPayload(entries));
  }

  @Override
  public int maxEntries() {
    return Integer.MAX_VALUE;
  }

  @Override
  public long maxUncompressedBytes() {
    return DatadogLimits.METRICS_MAX_UNCOMPRESSED_BYTES;
  }

  @Override
  public long maxCompressedBytes() {
    return DatadogLimits.METRICS_MAX_COMPRESSED_BYTES;
  }

  @Override
  public String describe(Item<Point> item) {
    SeriesKey series = item.value().series();
    return series.metric() + " " + series.type() + " " + series.tags();
  }

  private List<String> withGlobalTags(List<String> tags) {
    if (globalTags.isEmpty()) {
      return tags;
    }
    LinkedHashSet<String> all = new LinkedHashSet<>(tags);
    all.addAll(globalTags);
    return List.copyOf(all);
  }

  private static SeriesEntry entry(SeriesKey series, List<double[]> points) {
    return new SeriesEntry(
        series.metric(), points, series.type(), series.tags(), series.host(), series.interval());
  }

  private static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String snippet(String text) {
    return text.length() <= 160 ? text : text.substring(0, 160) + "...";
  }

  /**
   * {@code [timestamp, value]}. Whole numbers are written without a fraction; other timestamps in
   * plain decimal ({@code 1600000000.25}: Jackson would write {@code 1.60000000025E9}, valid JSON
   * but not what Datadog's examples send); other values as Java prints a double ({@code 0.5},
   * {@code 1.0E-7}), which is valid JSON.
   */
  static final class PointSerializer extends StdSerializer<double[]> {
    private static final long serialVersionUID = 1L;

    PointSerializer() {
      super(double[].class);
    }

    @Override
    public void serialize(double[] point, JsonGenerator json, SerializerProvider provider)
        throws IOException {
      json.writeStartArray();
      json.writeNumber(timestampText(point[0]));
      json.writeNumber(valueText(point[1]));
      json.writeEndArray();
    }

    /** The length of {@code [timestamp,value]} as written. */
    static int length(Point point) {
      return 3 + timestampText(point.timestamp()).length() + valueText(point.value()).length();
    }

    private static String timestampText(double timestamp) {
      return isWhole(timestamp)
          ? Long.toString((long) timestamp)
          : BigDecimal.valueOf(timestamp).toPlainString();
    }

    private static String valueText(double value) {
      return isWhole(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static boolean isWhole(double value) {
      return value == Math.rint(value) && Math.abs(value) < 1e15;
    }
  }
}
