package io.chouette.core.send;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import io.chouette.core.config.SenderConfig;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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

class LogsSenderTest {

  static final ActorTestKit testKit = ActorTestKit.create();
  private static final DateTimeFormatter PYTHON_ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

  SenderHarness harness;
  int sequence;

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

  /**
   * A record as chouette-iot-client's log handler writes it: Python's {@code json.dumps} of date,
   * ddsource, ddtags, level, message {msg}, service and the record's extras.
   */
  String clientLog(String msg, String ddtagsJson, String extras) {
    Instant date = harness.clock.instant().plusMillis(sequence);
    String ddtags = ddtagsJson == null ? "" : "\"ddtags\": " + ddtagsJson + ", ";
    return "{\"date\": \""
        + PYTHON_ISO.format(date)
        + "\", \"ddsource\": \"my-app\", "
        + ddtags
        + "\"level\": \"INFO\", \"message\": {\"msg\": \""
        + msg
        + "\"}, \"service\": \"my-app\""
        + extras
        + "}";
  }

  /** Stores logs in order, scored by their date as the client does. */
  void storeLogs(List<String> logs) {
    List<NewRecord> records = new ArrayList<>();
    for (String log : logs) {
      records.add(new NewRecord(harness.clock.seconds() + (sequence++) / 1000.0, log));
    }
    harness.engine.storeRecords(Queue.WRAPPED_LOGS, records);
  }

  List<String> manyLogs(String prefix, int n) {
    List<String> logs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      logs.add(clientLog(prefix + "-" + i, "[\"n:" + i + "\"]", ""));
      sequence++;
    }
    return logs;
  }

  @Test
  void postsAJsonArrayWithCommaJoinedTagsAndHost() {
    String listTags = clientLog("started", "[\"user:42\"]", ", \"request_id\": \"r-1\"");
    String stringTags = clientLog("already joined", "\"a:b, env:test\"", "");
    String noTags =
        clientLog("no tags", null, ", \"exc_info\": \"Traceback (most recent call last)\"");
    storeLogs(List.of(listTags, stringTags, noTags));
    harness.enqueue(202, "{}");
    ActorRef<QueueSender.Command> sender = harness.logsSender(harness.config());

    SendReport report;
    try (LogCapture logs = LogCapture.of("io.chouette.core.send")) {
      report = harness.releaseLogs(sender);
      assertThat(logs.lines(null)).noneMatch(line -> line.contains(SenderHarness.API_KEY));
    }

    assertThat(report.outcome()).isEqualTo(SendOutcome.DELIVERED);
    assertThat(report.delivered()).isEqualTo(3);
    RecordedRequest request = harness.take();
    SenderHarness.assertDatadogPost(request, "/v1/input");

    JsonNode body = SenderHarness.body(request);
    assertThat(body.isArray()).isTrue();
    assertThat(body).hasSize(3);
    assertThat(body.get(0)).isEqualTo(expected(listTags, "user:42,env:test,team:iot"));
    assertThat(body.get(1)).isEqualTo(expected(stringTags, "a:b,env:test,team:iot"));
    assertThat(body.get(2)).isEqualTo(expected(noTags, "env:test,team:iot"));
    assertThat(body.get(0).get("request_id").asText()).isEqualTo("r-1");

    assertThat(harness.queueSize(Queue.WRAPPED_LOGS)).isZero();
    Map<String, Double> self = harness.selfMetrics();
    assertThat(self)
        .containsEntry("chouette.dispatched.logs.number", 3.0)
        .containsEntry("chouette.dispatched.logs.bytes", (double) request.getBodySize())
        .doesNotContainKey("chouette.queued.logs");
  }

  /** The stored record with its ddtags joined and the host set; nothing else changed. */
  private static JsonNode expected(String stored, String ddtags) {
    var node = (com.fasterxml.jackson.databind.node.ObjectNode) SenderHarness.parse(stored);
    node.put("ddtags", ddtags);
    node.put("host", "pi-7");
    return node;
  }

  @Test
  void forbiddenAndNotFoundKeepEverythingAndSayWhy() {
    storeLogs(manyLogs("x", 3));
    harness.enqueue(403, "{\"errors\":[\"Forbidden\"]}");
    ActorRef<QueueSender.Command> sender = harness.logsSender(harness.config());

    try (LogCapture logs = LogCapture.of("io.chouette.core.send")) {
      assertThat(harness.releaseLogs(sender).outcome()).isEqualTo(SendOutcome.FORBIDDEN);
      assertThat(harness.status.ready()).isFalse();
      harness.clock.advance(Duration.ofSeconds(10));
      harness.enqueue(404, "no such page");
      assertThat(harness.releaseLogs(sender).outcome()).isEqualTo(SendOutcome.MISDIRECTED);
      List<String> errors = logs.lines(Level.ERROR);
      assertThat(errors).hasSize(2);
      assertThat(errors.get(0)).contains("API_KEY");
      assertThat(errors.get(1))
          .contains("DATADOG_LOGS_URL")
          .contains(harness.datadog.url("/v1/input").toString());
      assertThat(logs.lines(null)).noneMatch(line -> line.contains(SenderHarness.API_KEY));
    }
    assertThat(harness.queueSize(Queue.WRAPPED_LOGS)).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 503})
  void transientFailuresKeepTheLogsForALaterTick(int status) {
    storeLogs(manyLogs("x", 4));
    harness.enqueue(status, "busy");
    ActorRef<QueueSender.Command> sender = harness.logsSender(harness.config());

    assertThat(harness.releaseLogs(sender).outcome()).isEqualTo(SendOutcome.RETRYING);
    assertThat(harness.queueSize(Queue.WRAPPED_LOGS)).isEqualTo(4);
    assertThat(harness.releaseLogs(sender).outcome()).isEqualTo(SendOutcome.BACKING_OFF);

    harness.clock.advance(Duration.ofSeconds(10));
    harness.enqueue(202, "{}");
    assertThat(harness.releaseLogs(sender).delivered()).isEqualTo(4);
    assertThat(harness.queueSize(Queue.WRAPPED_LOGS)).isZero();
  }

  @Test
  void datadogDownForThreeTicksThenBackDeliversEveryLogExactlyOnce() {
    for (int i = 0; i < 3; i++) {
      harness.enqueue(502, "bad gateway");
    }
    ActorRef<QueueSender.Command> sender =
        harness.logsSender(harness.config("LOGS_BULK_SIZE", "40"));
    int stored = 0;
    int failures = 0;
    for (int tick = 0;
        tick < 20 && (tick < 3 || harness.queueSize(Queue.WRAPPED_LOGS) > 0);
        tick++) {
      storeLogs(manyLogs("tick" + tick, 25));
      stored += 25;
      if (failures == 3) {
        harness.datadog.setDispatcher(MetricsSenderTest.acceptAll());
      }
      if (harness.releaseLogs(sender).outcome() == SendOutcome.RETRYING) {
        failures++;
      }
      harness.clock.advance(Duration.ofSeconds(10));
    }
    assertThat(failures).isEqualTo(3);
    assertThat(harness.queueSize(Queue.WRAPPED_LOGS)).isZero();
    Map<String, Integer> seen = new HashMap<>();
    int requests = harness.datadog.getRequestCount();
    for (int i = 0; i < requests; i++) {
      RecordedRequest request = harness.take();
      if (i >= 3) {
        SenderHarness.body(request)
            .forEach(log -> seen.merge(log.get("message").get("msg").asText(), 1, Integer::sum));
      }
    }
    assertThat(seen).hasSize(stored);
    assertThat(seen.values()).allMatch(count -> count == 1);
  }

  @Test
  void oneBadLogAmongAThousandIsIsolatedAndTheOthersAreDelivered() {
    List<String> logs = manyLogs("ok", 1000);
    logs.set(613, clientLog("poison", "[\"n:613\"]", ""));
    storeLogs(logs);
    harness.datadog.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String body =
                new String(
                    SenderHarness.inflate(request.getBody().toByteArray()), StandardCharsets.UTF_8);
            return new MockResponse.Builder().code(body.contains("poison") ? 400 : 202).build();
          }
        });
    ActorRef<QueueSender.Command> sender =
        harness.logsSender(harness.config("LOGS_BULK_SIZE", "1000"));

    SendReport report;
    try (LogCapture capture = LogCapture.of("io.chouette.core.send")) {
      report = harness.releaseLogs(sender);
      assertThat(capture.lines(Level.WARN).stream().filter(l -> l.contains("rejected")))
          .singleElement()
          .satisfies(line -> assertThat(line).contains("poison"));
    }
    assertThat(report.delivered()).isEqualTo(999);
    assertThat(report.dropped()).isEqualTo(1);
    assertThat(harness.queueSize(Queue.WRAPPED_LOGS)).isZero();
    assertThat(harness.selfMetrics())
        .containsEntry("chouette.dropped.logs{\"reason\":\"rejected\"}", 1.0);
  }

  @Test
  void bulksAreSplitToAThousandEntriesAndFiveMegabytesPerPayload() {
    storeLogs(manyLogs("small", 2500));
    String big = "x".repeat(900_000);
    List<String> bigLogs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      bigLogs.add(clientLog("big-" + i + "-" + big, "[]", ""));
    }
    storeLogs(bigLogs);
    List<int[]> payloads = new CopyOnWriteArrayList<>();
    harness.datadog.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            byte[] body = SenderHarness.inflate(request.getBody().toByteArray());
            payloads.add(
                new int[] {
                  SenderHarness.parse(new String(body, StandardCharsets.UTF_8)).size(), body.length
                });
            return new MockResponse.Builder().code(202).build();
          }
        });
    ActorRef<QueueSender.Command> sender =
        harness.logsSender(harness.config("LOGS_BULK_SIZE", "3000"));

    SendReport report = harness.releaseLogs(sender);

    assertThat(report.delivered()).isEqualTo(2512);
    assertThat(harness.queueSize(Queue.WRAPPED_LOGS)).isZero();
    assertThat(payloads).allSatisfy(p -> assertThat(p[0]).isLessThanOrEqualTo(1000));
    assertThat(payloads).allSatisfy(p -> assertThat(p[1]).isLessThanOrEqualTo(5_000_000));
    assertThat(payloads.stream().mapToInt(p -> p[0]).sum()).isEqualTo(2512);
    // Oldest first, filled greedily: 1000 and 1000 small ones, the last 500 small ones with five
    // big ones (4.6 MB), then five and two big ones.
    assertThat(payloads).extracting(p -> p[0]).containsExactly(1000, 1000, 505, 5, 2);
  }

  @Test
  void aLogOverOneMegabyteIsTruncatedNotDropped() {
    String huge = "y".repeat(3_000_000);
    storeLogs(List.of(clientLog("start:" + huge, "[\"k:v\"]", ", \"request_id\": \"r-9\"")));
    harness.enqueue(202, "{}");
    ActorRef<QueueSender.Command> sender = harness.logsSender(harness.config());

    SendReport report = harness.releaseLogs(sender);

    assertThat(report.delivered()).isEqualTo(1);
    assertThat(report.dropped()).isZero();
    RecordedRequest request = harness.take();
    byte[] body = SenderHarness.inflate(request.getBody().toByteArray());
    assertThat(body.length).isLessThanOrEqualTo(1_000_002);
    JsonNode log = SenderHarness.parse(new String(body, StandardCharsets.UTF_8)).get(0);
    assertThat(log.get("message").get("msg").asText())
        .startsWith("start:yyy")
        .endsWith(LogsFormat.TRUNCATION_MARK);
    assertThat(log.get("ddtags").asText()).isEqualTo("k:v,env:test,team:iot");
    assertThat(log.get("request_id").asText()).isEqualTo("r-9");
    assertThat(harness.selfMetrics()).containsEntry("chouette.truncated.logs", 1.0);
  }

  @Test
  void invalidRecordsAreDroppedAndCounted() {
    storeLogs(
        List.of("not json", "[\"a\", \"list\"]", "\"a string\"", clientLog("fine", "[]", "")));
    harness.enqueue(202, "{}");
    ActorRef<QueueSender.Command> sender = harness.logsSender(harness.config());

    SendReport report = harness.releaseLogs(sender);

    assertThat(report.delivered()).isEqualTo(1);
    assertThat(report.dropped()).isEqualTo(3);
    assertThat(harness.queueSize(Queue.WRAPPED_LOGS)).isZero();
    assertThat(SenderHarness.body(harness.take())).hasSize(1);
    assertThat(harness.selfMetrics())
        .containsEntry("chouette.dropped.logs{\"reason\":\"invalid\"}", 3.0);
  }

  @Test
  void timeoutKeepsTheLogsWithAOneSecondReleaseInterval() {
    SenderConfig config = harness.config("RELEASE_INTERVAL", "1");
    storeLogs(manyLogs("t", 2));
    harness.datadog.enqueue(
        new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    ActorRef<QueueSender.Command> sender = harness.logsSender(config);

    SendReport report = harness.releaseLogs(sender);

    assertThat(report.outcome()).isEqualTo(SendOutcome.RETRYING);
    assertThat(report.detail()).contains("timeout");
    assertThat(harness.queueSize(Queue.WRAPPED_LOGS)).isEqualTo(2);
    harness.clock.advance(Duration.ofSeconds(1));
    harness.enqueue(202, "{}");
    assertThat(harness.releaseLogs(sender).delivered()).isEqualTo(2);
  }

  @Test
  void goesThroughTheProxy() throws Exception {
    try (MockWebServer proxy = new MockWebServer()) {
      proxy.start();
      proxy.enqueue(new MockResponse.Builder().code(200).build());
      storeLogs(manyLogs("p", 2));
      ActorRef<QueueSender.Command> sender =
          harness.logsSender(
              harness.config(
                  "DATADOG_LOGS_URL",
                  "http://http-intake.logs.datadog.invalid",
                  "HTTPS_PROXY",
                  "localhost:" + proxy.getPort()));

      assertThat(harness.releaseLogs(sender).delivered()).isEqualTo(2);
      RecordedRequest request = proxy.takeRequest(5, TimeUnit.SECONDS);
      assertThat(request).isNotNull();
      assertThat(request.getTarget()).isEqualTo("http://http-intake.logs.datadog.invalid/v1/input");
      assertThat(request.getHeaders().get("DD-API-KEY")).isEqualTo(SenderHarness.API_KEY);
      assertThat(harness.datadog.getRequestCount()).isZero();
    }
  }

  @Test
  void payloadTooLargeIsSplitUntilDatadogTakesIt() {
    storeLogs(manyLogs("split", 200));
    harness.datadog.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            int entries = SenderHarness.body(request).size();
            return new MockResponse.Builder().code(entries > 50 ? 413 : 202).build();
          }
        });
    ActorRef<QueueSender.Command> sender = harness.logsSender(harness.config());

    SendReport report = harness.releaseLogs(sender);

    assertThat(report.delivered()).isEqualTo(200);
    assertThat(report.dropped()).isZero();
    assertThat(harness.queueSize(Queue.WRAPPED_LOGS)).isZero();
    // 200 -> 100 + 100 -> four payloads of 50 accepted.
    assertThat(harness.datadog.getRequestCount()).isEqualTo(1 + 2 + 4);
  }

  @Test
  void connectionFailureKeepsTheLogs() throws Exception {
    MockWebServer closed = new MockWebServer();
    closed.start();
    String url = closed.url("/").toString();
    closed.close();
    storeLogs(manyLogs("c", 3));
    ActorRef<QueueSender.Command> sender =
        harness.logsSender(harness.config("DATADOG_LOGS_URL", url));

    SendReport report = harness.releaseLogs(sender);

    assertThat(report.outcome()).isEqualTo(SendOutcome.RETRYING);
    assertThat(report.detail()).contains("connection failed");
    assertThat(harness.queueSize(Queue.WRAPPED_LOGS)).isEqualTo(3);
    assertThat(harness.selfMetrics())
        .containsEntry(
            "chouette.dispatch.errors{\"reason\":\"connection\",\"type\":\"logs\"}", 1.0);
  }
}
