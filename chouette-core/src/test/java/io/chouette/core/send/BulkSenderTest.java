package io.chouette.core.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.metric.WrappedMetricCodec;
import io.chouette.core.storage.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Splitting against the compressed-size limit, with the limits scaled down to test size. */
class BulkSenderTest {

  MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** The metrics format with smaller limits; everything else as in production. */
  static final class Scaled implements PayloadFormat<SeriesFormat.Point> {
    final SeriesFormat real = new SeriesFormat(List.of("env:test"), "");
    final long maxCompressed;
    final long maxUncompressed;

    Scaled(long maxCompressed, long maxUncompressed) {
      this.maxCompressed = maxCompressed;
      this.maxUncompressed = maxUncompressed;
    }

    @Override
    public String kind() {
      return real.kind();
    }

    @Override
    public Parsed<SeriesFormat.Point> parse(List<StoredRecord> records) {
      return real.parse(records);
    }

    @Override
    public byte[] encode(List<Item<SeriesFormat.Point>> items) {
      return real.encode(items);
    }

    @Override
    public int maxEntries() {
      return real.maxEntries();
    }

    @Override
    public long maxUncompressedBytes() {
      return maxUncompressed;
    }

    @Override
    public long maxCompressedBytes() {
      return maxCompressed;
    }

    @Override
    public String describe(Item<SeriesFormat.Point> item) {
      return real.describe(item);
    }
  }

  static List<StoredRecord> randomMetrics(int n) {
    Random random = new Random(7);
    List<StoredRecord> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // Random tags compress badly, like many distinct containers or devices.
      WrappedMetric metric =
          WrappedMetric.gauge(
              "m",
              List.of("id:" + Long.toHexString(random.nextLong())),
              1600000000 + i,
              random.nextDouble());
      records.add(new StoredRecord("k" + i, WrappedMetricCodec.toJson(metric)));
    }
    return records;
  }

  @Test
  void aPayloadOverTheCompressedLimitIsSplitBeforeSending() throws Exception {
    for (int i = 0; i < 50; i++) {
      server.enqueue(new MockResponse.Builder().code(202).build());
    }
    List<StoredRecord> records = randomMetrics(400);
    try (DatadogClient client = new DatadogClient(DatadogClientTest.config())) {
      BulkSender<SeriesFormat.Point> sender =
          new BulkSender<>(
              new Scaled(4_000, 1_000_000), client, server.url("/api/v1/series").uri());
      BulkResult result = sender.send(records);

      assertThat(result.complete()).isTrue();
      assertThat(result.deliveredKeys()).hasSize(400);
      assertThat(result.dropped()).isEmpty();
      assertThat(result.requests()).isGreaterThan(1).isEqualTo(server.getRequestCount());
    }
    int points = 0;
    for (int i = 0; i < server.getRequestCount(); i++) {
      RecordedRequest request = server.takeRequest();
      assertThat(request.getBodySize()).isLessThanOrEqualTo(4_000);
      points += SenderHarness.body(request).get("series").size();
    }
    assertThat(points).isEqualTo(400);
  }

  @Test
  void aPayloadOverTheUncompressedLimitIsChunkedAndARecordTooLargeAloneIsDropped()
      throws Exception {
    for (int i = 0; i < 50; i++) {
      server.enqueue(new MockResponse.Builder().code(202).build());
    }
    List<StoredRecord> records = new ArrayList<>(randomMetrics(40));
    String hugeTag = "blob:" + "z".repeat(5_000);
    records.add(
        new StoredRecord(
            "huge", WrappedMetricCodec.toJson(WrappedMetric.gauge("m", List.of(hugeTag), 1, 1))));
    try (DatadogClient client = new DatadogClient(DatadogClientTest.config())) {
      BulkSender<SeriesFormat.Point> sender =
          new BulkSender<>(
              new Scaled(1_000_000, 2_000), client, server.url("/api/v1/series").uri());
      BulkResult result = sender.send(records);

      assertThat(result.deliveredKeys()).hasSize(40);
      assertThat(result.dropped())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.key()).isEqualTo("huge");
                assertThat(d.reason()).isEqualTo(BulkResult.DropReason.OVERSIZED);
              });
    }
    for (int i = 0; i < server.getRequestCount(); i++) {
      assertThat(SenderHarness.inflate(server.takeRequest().getBody().toByteArray()).length)
          .isLessThanOrEqualTo(2_000);
    }
  }

  @Test
  void aFailureStopsTheBulkAndKeepsWhatIsNotSettled() throws Exception {
    server.enqueue(new MockResponse.Builder().code(400).build());
    server.enqueue(new MockResponse.Builder().code(202).build());
    server.enqueue(new MockResponse.Builder().code(503).build());
    try (DatadogClient client = new DatadogClient(DatadogClientTest.config())) {
      BulkSender<SeriesFormat.Point> sender =
          new BulkSender<>(
              new Scaled(1_000_000, 1_000_000), client, server.url("/api/v1/series").uri());
      BulkResult result = sender.send(randomMetrics(10));

      // 10 refused -> first half accepted -> second half met a 503: kept.
      assertThat(result.deliveredKeys()).containsExactly("k0", "k1", "k2", "k3", "k4");
      assertThat(result.dropped()).isEmpty();
      assertThat(result.complete()).isFalse();
      assertThat(result.failure().orElseThrow().describe()).startsWith("HTTP 503");
    }
  }
}
