package io.chouette.core.send;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.metric.WrappedMetricCodec;
import io.chouette.core.storage.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeriesFormatTest {

  final SeriesFormat format = new SeriesFormat(List.of("env:prod", "site:lab"), "pi-7");

  static StoredRecord stored(String key, WrappedMetric metric) {
    return new StoredRecord(key, WrappedMetricCodec.toJson(metric));
  }

  JsonNode encode(List<StoredRecord> records) {
    PayloadFormat.Parsed<SeriesFormat.Point> parsed = format.parse(records);
    return SenderHarness.parse(new String(format.encode(parsed.items()), StandardCharsets.UTF_8));
  }

  @Test
  void recordsOfOneSeriesBecomeOneEntryWithSeveralPoints() {
    JsonNode payload =
        encode(
            List.of(
                stored("a", new WrappedMetric("req", "count", List.of("route:/"), 100, 3, 10)),
                stored("b", new WrappedMetric("req", "count", List.of("route:/"), 110, 4, 10)),
                // Another interval, tag set or type is another series.
                stored("c", new WrappedMetric("req", "count", List.of("route:/"), 120, 5, 20)),
                stored("d", new WrappedMetric("req", "count", List.of("route:/x"), 100, 1, 10)),
                stored("e", new WrappedMetric("req", "rate", List.of("route:/"), 100, 0.3, 10))));
    JsonNode series = payload.get("series");
    assertThat(series).hasSize(4);
    assertThat(series.get(0).get("points").toString()).isEqualTo("[[100,3],[110,4]]");
    assertThat(series.get(1).get("interval").asInt()).isEqualTo(20);
    assertThat(series.get(2).get("tags").toString())
        .isEqualTo("[\"route:/x\",\"env:prod\",\"site:lab\"]");
    assertThat(series.get(3).get("type").asText()).isEqualTo("rate");
  }

  @Test
  void globalTagsAreAppendedOnceAndHostIsSet() {
    JsonNode entry =
        encode(List.of(stored("a", WrappedMetric.gauge("g", List.of("site:lab", "a:b"), 1, 1))))
            .get("series")
            .get(0);
    assertThat(entry.get("tags").toString()).isEqualTo("[\"site:lab\",\"a:b\",\"env:prod\"]");
    assertThat(entry.get("host").asText()).isEqualTo("pi-7");
    assertThat(entry.has("interval")).isFalse();
  }

  @Test
  void withoutHostTheFieldIsLeftOut() {
    SeriesFormat noHost = new SeriesFormat(List.of(), "");
    var parsed = noHost.parse(List.of(stored("a", WrappedMetric.gauge("g", List.of(), 1, 1))));
    JsonNode entry =
        SenderHarness.parse(new String(noHost.encode(parsed.items()), StandardCharsets.UTF_8))
            .get("series")
            .get(0);
    assertThat(entry.has("host")).isFalse();
    assertThat(entry.get("tags")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "1600000000, 2, '[1600000000,2]'",
    "1600000000.25, 0.5, '[1600000000.25,0.5]'",
    "1600000000, -3.75, '[1600000000,-3.75]'",
    "1600000000, 1.0E-7, '[1600000000,1.0E-7]'"
  })
  void pointsAreWrittenAsPlainNumbers(double timestamp, double value, String expected) {
    var parsed =
        format.parse(List.of(stored("a", WrappedMetric.gauge("g", List.of(), timestamp, value))));
    String text = new String(format.encode(parsed.items()), StandardCharsets.UTF_8);
    assertThat(text).contains("\"points\":[" + expected + "]");
  }

  @ParameterizedTest
  @CsvSource({"1600000000, 2", "1600000000.25, 0.5", "1600000000, -3.75", "1.5, 1.0E-7"})
  void anItemsSizeIsItsEntryWrittenAlonePlusAComma(double timestamp, double value) {
    var parsed =
        format.parse(
            List.of(stored("a", WrappedMetric.gauge("g", List.of("k:v"), timestamp, value))));
    PayloadFormat.Item<SeriesFormat.Point> item = parsed.items().get(0);
    String entry = new String(format.encodeUnmerged(List.of(item)), StandardCharsets.UTF_8);
    // {"series":[ENTRY]}: the entry is the payload without its 12 bytes of envelope.
    assertThat(item.size()).isEqualTo(entry.length() - "{\"series\":[]}".length() + 1);
  }

  @Test
  void badRecordsAreInvalidNotFatal() {
    var parsed =
        format.parse(
            List.of(
                new StoredRecord("1", "{"),
                new StoredRecord("2", "{\"metric\": \"m\", \"type\": \"gauge\", \"points\": []}"),
                new StoredRecord("3", "{\"metric\": 5, \"type\": \"gauge\", \"points\": [[1, 2]]}"),
                new StoredRecord(
                    "4", "{\"metric\": \"m\", \"type\": \"gauge\", \"points\": [[1, \"x\"]]}"),
                new StoredRecord(
                    "5", "{\"metric\": \"m\", \"type\": \"gauge\", \"points\": [[1, 1e999]]}"),
                stored("6", WrappedMetric.gauge("ok", List.of(), 1, 1))));
    assertThat(parsed.invalid())
        .extracting(PayloadFormat.Invalid::key)
        .containsExactly("1", "2", "3", "4", "5");
    assertThat(parsed.items()).extracting(PayloadFormat.Item::key).containsExactly("6");
  }

  @Test
  void readsRecordsAsThePythonOriginalWroteThem() {
    var parsed =
        format.parse(
            List.of(
                new StoredRecord(
                    "k",
                    "{\"metric\": \"Chouette.host.la\", \"tags\": [\"period:1m\"], "
                        + "\"points\": [[1600000000.123, 0.42]], \"type\": \"gauge\"}")));
    assertThat(parsed.invalid()).isEmpty();
    String text = new String(format.encode(parsed.items()), StandardCharsets.UTF_8);
    assertThat(text)
        .isEqualTo(
            "{\"series\":[{\"metric\":\"Chouette.host.la\",\"points\":[[1600000000.123,0.42]],"
                + "\"type\":\"gauge\",\"tags\":[\"period:1m\",\"env:prod\",\"site:lab\"],\"host\":\"pi-7\"}]}");
  }

  @Test
  void mergedPayloadsAreSmallerThanOneEntryPerRecord() {
    List<StoredRecord> records = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      records.add(
          stored(
              "k" + i,
              WrappedMetric.gauge(
                  "Chouette.host.cpu.percentage", List.of(), 1600000000 + 10 * (i / 6), i % 6)));
    }
    var items = format.parse(records).items();
    byte[] merged = Deflate.compress(format.encode(items));
    byte[] unmerged = Deflate.compress(format.encodeUnmerged(items));
    assertThat(merged.length).isLessThan(unmerged.length);
    // The same points either way.
    assertThat(
            SenderHarness.parse(new String(format.encodeUnmerged(items), StandardCharsets.UTF_8))
                .get("series"))
        .hasSize(600);
  }
}
