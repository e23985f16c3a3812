package io.chouette.core.send;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import io.chouette.core.config.SenderConfig;
import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StoredRecord;
import io.chouette.core.testing.LogCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetricsSenderTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  SenderHarness harness;

  @BeforeEach
  void setUp() {
    harness = new SenderHarness(testKit);
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void postsMergedSeriesWithGlobalTagsAndHostThenDeletesExactlyTheSentKeys() throws Exception {
    double t = Math.floor(harness.clock.seconds());
    List<String> keys =
        harness.storeMetrics(
            List.of(
                WrappedMetric.gauge("Chouette.host.la", List.of("period:1m"), t, 0.5),
                new WrappedMetric(
                    "app.requests", "count", List.of("env:test", "route:/"), t + 5, 5, 10),
                WrappedMetric.gauge("Chouette.host.la", List.of("period:1m"), t + 10, 0.25),
                WrappedMetric.gauge("Chouette.host.la", List.of("period:1m"), t + 20, 1.5),
                WrappedMetric.gauge("late.one", List.of(), t + 30, 1)));
    harness.enqueue(202);
    ActorRef<QueueSender.Command> sender =
        harness.metricsSender(harness.config("METRICS_BULK_SIZE", "4", "MAX_BULKS_PER_TICK", "1"));

    SendReport report;
    try (LogCapture logs = LogCapture.of("io.chouette.core.send")) {
      report = harness.release(sender);
      assertThat(logs.lines(null)).noneMatch(line -> line.contains(SenderHarness.API_KEY));
    }

    assertThat(report.outcome()).isEqualTo(SendOutcome.DELIVERED);
    assertThat(report.delivered()).isEqualTo(4);
    RecordedRequest request = harness.take();
    SenderHarness.assertDatadogPost(request, "/api/v1/series");
    long ts = (long) t;
    JsonNode expected =
        SenderHarness.parse(
            "{\"series\":["
                + "{\"metric\":\"Chouette.host.la\",\"points\":[["
                + ts
                + ",0.5],["
                + (ts + 10)
                + ",0.25],["
                + (ts + 20)
                + ",1.5]],\"type\":\"gauge\",\"tags\":[\"period:1m\",\"env:test\",\"team:iot\"],"
                + "\"host\":\"pi-7\"},"
                + "{\"metric\":\"app.requests\",\"points\":[["
                + (ts + 5)
                + ",5]],\"type\":\"count\",\"tags\":[\"env:test\",\"route:/\",\"team:iot\"],"
                + "\"host\":\"pi-7\",\"interval\":10}]}");
    assertThat(SenderHarness.body(request)).isEqualTo(expected);

    // Only the fifth record, which was not in the bulk, is left.
    assertThat(harness.queue(Queue.WRAPPED_METRICS))
        .extracting(StoredRecord::key)
        .containsExactly(keys.get(4));
    Map<String, Double> self = harness.selfMetrics();
    assertThat(self)
        .containsEntry("chouette.queued.metrics", 5.0)
        .containsEntry("chouette.dispatched.metrics.number", 4.0)
        .containsEntry("chouette.dispatched.metrics.bytes", (double) request.getBodySize());
    assertThat(harness.status.snapshot().lastSuccessAt()).contains(harness.clock.instant());
  }

  @Test
  void forbiddenKeepsEverythingNamesTheApiKeyAsCauseAndClearsReadiness() {
    harness.storeMetrics(harness.gauges("m", 3, List.of()));
    harness.enqueue(403, "{\"errors\":[\"Forbidden\"]}");
    ActorRef<QueueSender.Command> sender = harness.metricsSender(harness.config());

    try (LogCapture logs = LogCapture.of("io.chouette.core.send")) {
      SendReport report = harness.release(sender);
      assertThat(report.outcome()).isEqualTo(SendOutcome.FORBIDDEN);
      assertThat(logs.lines(Level.ERROR))
          .singleElement()
          .satisfies(line -> assertThat(line).contains("API_KEY").contains("403"));
      assertThat(logs.lines(null)).noneMatch(line -> line.contains(SenderHarness.API_KEY));
    }
    assertThat(harness.queueSize(Queue.WRAPPED_METRICS)).isEqualTo(3);
    assertThat(harness.status.ready()).isFalse();
    assertThat(harness.status.snapshot().lastOutcome()).isEqualTo(SendOutcome.FORBIDDEN);

    // Once the key works again (a corrected deployment), the data goes and readiness returns.
    harness.clock.advance(Duration.ofSeconds(10));
    harness.enqueue(202);
    assertThat(harness.release(sender).outcome()).isEqualTo(SendOutcome.DELIVERED);
    assertThat(harness.status.ready()).isTrue();
    assertThat(harness.queueSize(Queue.WRAPPED_METRICS)).isZero();
  }

  @Test
  void notFoundKeepsEverythingAndNamesTheUrl() {
    harness.storeMetrics(harness.gauges("m", 2, List.of()));
    harness.enqueue(404, "Not found");
    ActorRef<QueueSender.Command> sender = harness.metricsSender(harness.config());

    try (LogCapture logs = LogCapture.of("io.chouette.core.send")) {
      assertThat(harness.release(sender).outcome()).isEqualTo(SendOutcome.MISDIRECTED);
      assertThat(logs.lines(Level.ERROR))
          .singleElement()
          .satisfies(
              line ->
                  assertThat(line)
                      .contains(harness.datadog.url("/api/v1/series").toString())
                      .contains("DATADOG_URL"));
    }
    assertThat(harness.queueSize(Queue.WRAPPED_METRICS)).isEqualTo(2);
    assertThat(harness.status.ready()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 502, 503})
  void transientFailuresKeepTheRecordsAndRetryAfterABackoff(int status) {
    harness.storeMetrics(harness.gauges("m", 3, List.of()));
    harness.enqueue(status, "{\"errors\":[\"try later\"]}");
    ActorRef<QueueSender.Command> sender = harness.metricsSender(harness.config());

    SendReport failed = harness.release(sender);
    assertThat(failed.outcome()).isEqualTo(SendOutcome.RETRYING);
    assertThat(failed.detail()).contains("HTTP " + status);
    assertThat(harness.queueSize(Queue.WRAPPED_METRICS)).isEqualTo(3);
    assertThat(harness.status.ready()).isTrue();
    assertThat(harness.selfMetrics())
        .containsEntry(
            "chouette.dispatch.errors{\"reason\":\"http_" + status + "\",\"type\":\"metrics\"}",
            1.0);

    harness.enqueue(202);
    harness.clock.advance(Duration.ofSeconds(10));
    assertThat(harness.release(sender).outcome()).isEqualTo(SendOutcome.DELIVERED);
    assertThat(harness.datadog.getRequestCount()).isEqualTo(2);
    assertThat(harness.queueSize(Queue.WRAPPED_METRICS)).isZero();
  }

  @Test
  void repeatedFailuresBackOffExponentiallyAndRetryAfterIsHonoured() {
    harness.storeMetrics(harness.gauges("m", 1, List.of()));
    ActorRef<QueueSender.Command> sender = harness.metricsSender(harness.config());
    harness.enqueue(503);
    assertThat(harness.release(sender).outcome()).isEqualTo(SendOutcome.RETRYING);
    harness.clock.advance(Duration.ofSeconds(10));
    harness.enqueue(503);
    assertThat(harness.release(sender).outcome()).isEqualTo(SendOutcome.RETRYING);
    // Second failure: 20 s before the next attempt.
    harness.clock.advance(Duration.ofSeconds(10));
    assertThat(harness.release(sender).outcome()).isEqualTo(SendOutcome.BACKING_OFF);
    harness.clock.advance(Duration.ofSeconds(10));
    harness.datadog.enqueue(
        new MockResponse.Builder().code(429).addHeader("Retry-After", "120").build());
    assertThat(harness.release(sender).outcome()).isEqualTo(SendOutcome.RETRYING);
    for (int tick = 1; tick < 12; tick++) {
      harness.clock.advance(Duration.ofSeconds(10));
      assertThat(harness.release(sender).outcome())
          .as("tick %d", tick)
          .isEqualTo(SendOutcome.BACKING_OFF);
    }
    harness.clock.advance(Duration.ofSeconds(10));
    harness.enqueue(202);
    assertThat(harness.release(sender).outcome()).isEqualTo(SendOutcome.DELIVERED);
    assertThat(harness.datadog.getRequestCount()).isEqualTo(4);
  }

  @Test
  void datadogDownForThreeTicksThenBackDeliversEveryRecordExactlyOnce() {
    for (int i = 0; i < 3; i++) {
      harness.enqueue(503);
    }
    List<RecordedRequest> accepted = new ArrayList<>();
    ActorRef<QueueSender.Command> sender =
        harness.metricsSender(harness.config("METRICS_BULK_SIZE", "50"));
    int stored = 0;
    int failures = 0;
    for (int tick = 0;
        tick < 20 && (tick < 3 || harness.queueSize(Queue.WRAPPED_METRICS) > 0);
        tick++) {
      // New data keeps arriving during the outage.
      harness.storeMetrics(harness.gauges("tick." + tick, 30, List.of("n:" + tick)));
      stored += 30;
      if (failures == 3) {
        harness.datadog.setDispatcher(acceptAll());
      }
      SendReport report = harness.release(sender);
      if (report.outcome() == SendOutcome.RETRYING) {
        failures++;
      }
      harness.clock.advance(Duration.ofSeconds(10));
    }
    assertThat(failures).isEqualTo(3);
    assertThat(harness.queueSize(Queue.WRAPPED_METRICS)).isZero();

    Map<String, Integer> seen = new HashMap<>();
    int requests = harness.datadog.getRequestCount();
    for (int i = 0; i < requests; i++) {
      RecordedRequest request = harness.take();
      if (i < 3) {
        continue; // the three refused payloads
      }
      accepted.add(request);
      for (JsonNode series : SenderHarness.body(request).get("series")) {
        for (JsonNode point : series.get("points")) {
          seen.merge(series.get("metric").asText() + "@" + point.get(0).asLong(), 1, Integer::sum);
        }
      }
    }
    assertThat(seen).hasSize(stored);
    assertThat(seen.values()).allMatch(count -> count == 1);
    assertThat(harness.selfMetrics())
        .containsEntry("chouette.dispatched.metrics.number", (double) stored);
  }

  @Test
  void oneBadRecordAmongAThousandIsIsolatedAndTheOthersAreDelivered() {
    List<WrappedMetric> metrics = new ArrayList<>();
    double t = Math.floor(harness.clock.seconds());
    for (int i = 0; i < 1000; i++) {
      String name = i == 437 ? "bad.metric" : "m." + (i % 10);
      metrics.add(WrappedMetric.gauge(name, List.of("i:" + (i / 10)), t + i, i));
    }
    harness.storeMetrics(metrics);
    AtomicInteger refused = new AtomicInteger();
    harness.datadog.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String body =
                new String(
                    SenderHarness.inflate(request.getBody().toByteArray()), StandardCharsets.UTF_8);
            if (body.contains("bad.metric")) {
              refused.incrementAndGet();
              return new MockResponse.Builder()
                  .code(400)
                  .body("{\"errors\":[\"Bad Request\"]}")
                  .build();
            }
            return new MockResponse.Builder().code(202).body("{\"status\":\"ok\"}").build();
          }
        });
    ActorRef<QueueSender.Command> sender =
        harness.metricsSender(harness.config("METRICS_BULK_SIZE", "1000"));

    SendReport report;
    try (LogCapture logs = LogCapture.of("io.chouette.core.send")) {
      report = harness.release(sender);
      assertThat(logs.lines(Level.WARN).stream().filter(l -> l.contains("rejected")))
          .singleElement()
          .satisfies(line -> assertThat(line).contains("bad.metric").contains("HTTP 400"));
    }
    assertThat(report.outcome()).isEqualTo(SendOutcome.DELIVERED);
    assertThat(report.delivered()).isEqualTo(999);
    assertThat(report.dropped()).isEqualTo(1);
    assertThat(harness.queueSize(Queue.WRAPPED_METRICS)).isZero();
    // Bisection: one refusal per level of a binary search over 1000 records.
    assertThat(refused.get()).isBetween(10, 11);
    assertThat(harness.datadog.getRequestCount()).isLessThanOrEqualTo(2 * 11 + 1);
    assertThat(harness.selfMetrics())
        .containsEntry("chouette.dropped.metrics{\"reason\":\"rejected\"}", 1.0)
        .containsEntry("chouette.dispatched.metrics.number", 999.0);
  }

  @Test
  void payloadTooLargeIsSplitUntilDatadogTakesIt() {
    double t = Math.floor(harness.clock.seconds());
    List<WrappedMetric> metrics = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      metrics.add(WrappedMetric.gauge("m", List.of("i:" + i), t, i));
    }
    harness.storeMetrics(metrics);
    harness.datadog.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            int entries = SenderHarness.body(request).get("series").size();
            return new MockResponse.Builder().code(entries > 100 ? 413 : 202).build();
          }
        });
    ActorRef<QueueSender.Command> sender = harness.metricsSender(harness.config());

    SendReport report = harness.release(sender);

    assertThat(report.outcome()).isEqualTo(SendOutcome.DELIVERED);
    assertThat(report.delivered()).isEqualTo(300);
    assertThat(report.dropped()).isZero();
    assertThat(harness.queueSize(Queue.WRAPPED_METRICS)).isZero();
    // 300 -> 150 + 150 -> four payloads of 75 accepted.
    assertThat(harness.datadog.getRequestCount()).isEqualTo(1 + 2 + 4);
  }

  @Test
  void timeoutKeepsTheRecordsAndAOneSecondReleaseIntervalWorks() {
    SenderConfig config = harness.config("RELEASE_INTERVAL", "1");
    assertThat(config.httpTimeout()).isEqualTo(Duration.ofSeconds(1));
    harness.storeMetrics(harness.gauges("m", 2, List.of()));
    harness.datadog.enqueue(
        new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    ActorRef<QueueSender.Command> sender = harness.metricsSender(config);

    long started = System.nanoTime();
    SendReport report = harness.release(sender);
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(report.outcome()).isEqualTo(SendOutcome.RETRYING);
    assertThat(report.detail()).contains("timeout");
    assertThat(tookMillis).isLessThan(10_000); // bounded, not hanging on the stalled answer
    assertThat(harness.queueSize(Queue.WRAPPED_METRICS)).isEqualTo(2);

    harness.clock.advance(Duration.ofSeconds(1));
    harness.enqueue(202);
    assertThat(harness.release(sender).outcome()).isEqualTo(SendOutcome.DELIVERED);
    assertThat(harness.queueSize(Queue.WRAPPED_METRICS)).isZero();
  }

  @Test
  void connectionFailureKeepsTheRecords() throws IOException {
    MockWebServer closed = new MockWebServer();
    closed.start();
    String url = closed.url("/api").toString();
    closed.close();
    harness.storeMetrics(harness.gauges("m", 2, List.of()));
    ActorRef<QueueSender.Command> sender =
        harness.metricsSender(harness.config("DATADOG_URL", url));

    SendReport report = harness.release(sender);

    assertThat(report.outcome()).isEqualTo(SendOutcome.RETRYING);
    assertThat(report.detail()).contains("connection failed");
    assertThat(harness.queueSize(Queue.WRAPPED_METRICS)).isEqualTo(2);
    assertThat(harness.selfMetrics())
        .containsEntry(
            "chouette.dispatch.errors{\"reason\":\"connection\",\"type\":\"metrics\"}", 1.0);
  }

  @Test
  void goesThroughHttpsProxyUnlessNoProxyMatches() throws Exception {
    try (MockWebServer proxy = new MockWebServer()) {
      proxy.start();
      proxy.enqueue(new MockResponse.Builder().code(202).build());
      harness.storeMetrics(harness.gauges("m", 2, List.of()));
      ActorRef<QueueSender.Command> sender =
          harness.metricsSender(
              harness.config(
                  "DATADOG_URL", "http://api.datadog.invalid/api",
                  "HTTPS_PROXY", "http://localhost:" + proxy.getPort(),
                  "NO_PROXY", "localhost,127.0.0.1"));

      assertThat(harness.release(sender).outcome()).isEqualTo(SendOutcome.DELIVERED);

      RecordedRequest request = proxy.takeRequest(5, TimeUnit.SECONDS);
      assertThat(request).isNotNull();
      // A proxy receives the absolute URI.
      assertThat(request.getTarget()).isEqualTo("http://api.datadog.invalid/api/v1/series");
      assertThat(request.getHeaders().get("DD-API-KEY")).isEqualTo(SenderHarness.API_KEY);
      assertThat(SenderHarness.body(request).get("series")).hasSize(1);

      // NO_PROXY: the fake Datadog on localhost is reached directly.
      harness.storeMetrics(harness.gauges("n", 1, List.of()));
      harness.enqueue(202);
      ActorRef<QueueSender.Command> direct =
          harness.metricsSender(
              harness.config(
                  "HTTPS_PROXY", "http://localhost:" + proxy.getPort(), "NO_PROXY", "localhost"));
      assertThat(harness.release(direct).outcome()).isEqualTo(SendOutcome.DELIVERED);
      assertThat(harness.datadog.getRequestCount()).isEqualTo(1);
      assertThat(proxy.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void aBacklogDrainsSeveralBulksPerTickUpToTheBound() {
    harness.storeMetrics(harness.gauges("m", 25, List.of()));
    harness.datadog.setDispatcher(acceptAll());
    ActorRef<QueueSender.Command> sender =
        harness.metricsSender(harness.config("METRICS_BULK_SIZE", "10", "MAX_BULKS_PER_TICK", "2"));

    SendReport first = harness.release(sender);
    assertThat(first.bulks()).isEqualTo(2);
    assertThat(first.delivered()).isEqualTo(20);
    assertThat(harness.queueSize(Queue.WRAPPED_METRICS)).isEqualTo(5);

    harness.clock.advance(Duration.ofSeconds(10));
    SendReport second = harness.release(sender);
    assertThat(second.delivered()).isEqualTo(5);
    assertThat(second.bulks()).isEqualTo(1);
    assertThat(harness.datadog.getRequestCount()).isEqualTo(3);
    assertThat(harness.queueSize(Queue.WRAPPED_METRICS)).isZero();
  }

  @Test
  void invalidRecordsAreDeletedAndCountedWithoutBlockingTheQueue() {
    harness.storeMetrics(harness.gauges("good", 2, List.of()));
    double t = harness.clock.seconds();
    harness.engine.storeRecords(
        Queue.WRAPPED_METRICS,
        List.of(
            new NewRecord(t, "not json at all"),
            new NewRecord(t, "{\"metric\": \"no.points\", \"type\": \"gauge\"}"),
            new NewRecord(t, "[1, 2, 3]")));
    harness.enqueue(202);
    ActorRef<QueueSender.Command> sender = harness.metricsSender(harness.config());

    SendReport report = harness.release(sender);

    assertThat(report.outcome()).isEqualTo(SendOutcome.DELIVERED);
    assertThat(report.delivered()).isEqualTo(2);
    assertThat(report.dropped()).isEqualTo(3);
    assertThat(harness.queueSize(Queue.WRAPPED_METRICS)).isZero();
    assertThat(SenderHarness.body(harness.take()).get("series").get(0).get("points")).hasSize(2);
    assertThat(harness.selfMetrics())
        .containsEntry("chouette.dropped.metrics{\"reason\":\"invalid\"}", 3.0);
  }

  @Test
  void aTickDuringARunDoesNothing() {
    harness.storeMetrics(harness.gauges("m", 2, List.of()));
    harness.datadog.enqueue(
        new MockResponse.Builder().code(202).headersDelay(300, TimeUnit.MILLISECONDS).build());
    ActorRef<QueueSender.Command> sender = harness.metricsSender(harness.config());
    var first = testKit.createTestProbe(SendReport.class);
    var second = testKit.createTestProbe(SendReport.class);

    sender.tell(new QueueSender.ReleaseNow(first.getRef()));
    sender.tell(QueueSender.Release.INSTANCE);
    sender.tell(new QueueSender.ReleaseNow(second.getRef()));

    assertThat(second.receiveMessage(Duration.ofSeconds(5)).outcome()).isEqualTo(SendOutcome.BUSY);
    assertThat(first.receiveMessage(Duration.ofSeconds(5)).outcome())
        .isEqualTo(SendOutcome.DELIVERED);
    assertThat(harness.datadog.getRequestCount()).isEqualTo(1);
  }

  @Test
  void recordsOlderThanTheTtlAreRemovedUnsent() {
    harness.storeMetrics(
        List.of(WrappedMetric.gauge("old", List.of(), harness.clock.seconds() - 7200, 1)));
    harness.storeMetrics(harness.gauges("fresh", 1, List.of()));
    harness.enqueue(202);
    ActorRef<QueueSender.Command> sender =
        harness.metricsSender(harness.config("METRIC_TTL", "3600"));

    assertThat(harness.release(sender).delivered()).isEqualTo(1);
    JsonNode series = SenderHarness.body(harness.take()).get("series");
    assertThat(series)
        .singleElement()
        .satisfies(s -> assertThat(s.get("metric").asText()).isEqualTo("fresh"));
    assertThat(harness.selfMetrics())
        .containsEntry("chouette.dropped.metrics{\"reason\":\"expired\"}", 1.0);
  }

  @Test
  void withoutSelfMetricsNothingIsWrittenToTheRawQueue() {
    harness.storeMetrics(harness.gauges("m", 2, List.of()));
    harness.enqueue(202);
    ActorRef<QueueSender.Command> sender =
        harness.metricsSender(harness.config("SEND_SELF_METRICS", "false"));

    assertThat(harness.release(sender).outcome()).isEqualTo(SendOutcome.DELIVERED);
    assertThat(harness.queueSize(Queue.RAW_METRICS)).isZero();
  }

  @Test
  void anEmptyQueueSendsNothing() {
    ActorRef<QueueSender.Command> sender = harness.metricsSender(harness.config());
    assertThat(harness.release(sender).outcome()).isEqualTo(SendOutcome.NOTHING_TO_SEND);
    assertThat(harness.datadog.getRequestCount()).isZero();
    assertThat(harness.queueSize(Queue.RAW_METRICS)).isZero();
  }

  static Dispatcher acceptAll() {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(202).body("{\"status\":\"ok\"}").build();
      }
    };
  }
}
