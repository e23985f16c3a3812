package io.chouette.core.send;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import io.chouette.core.config.SenderConfig;
import io.chouette.core.event.Event;
import io.chouette.core.event.EventCodec;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Events from their queue to a fake {@code /v1/events} on loopback, over the memory engine. */
class EventsSenderTest {

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

  ActorRef<QueueSender.Command> sender(String... env) {
    SenderConfig config = harness.config(env);
    return testKit.spawn(
        EventsSender.create(
            config, harness.storage, harness.clock, harness.status, SenderHarness.ownLink(config)));
  }

  long now() {
    return (long) harness.clock.seconds();
  }

  void store(Event... events) {
    for (Event event : events) {
      harness.engine.storeRecords(Queue.WRAPPED_EVENTS, List.of(EventCodec.toRecord(event)));
    }
  }

  static String text(RecordedRequest request) {
    return new String(request.getBody().toByteArray(), StandardCharsets.UTF_8);
  }

  @Test
  void postsEachEventAloneAsDatadogDocumentsItUncompressed() {
    Event full =
        new Event(
            "deploy",
            "v2\nis out",
            now() - 30,
            "gateway-1",
            "deploys",
            Event.Priority.LOW,
            "my apps",
            Event.AlertType.ERROR,
            List.of("app:web", "env:test"));
    Event minimal = Event.of("reboot", "", now() - 20);
    store(full, minimal);
    harness.enqueue(202);
    harness.enqueue(202);

    SendReport report = harness.release(sender());

    assertThat(report.outcome()).isEqualTo(SendOutcome.DELIVERED);
    assertThat(report.delivered()).isEqualTo(2);
    RecordedRequest first = harness.take();
    assertThat(first.getMethod()).isEqualTo("POST");
    assertThat(first.getUrl().encodedPath()).isEqualTo("/api/v1/events");
    assertThat(first.getUrl().query()).isNull();
    assertThat(first.getHeaders().get("DD-API-KEY")).isEqualTo(SenderHarness.API_KEY);
    assertThat(first.getHeaders().get("Content-Encoding")).isNull();
    assertThat(first.getHeaders().get("Content-Type")).startsWith("application/json");
    JsonNode expectedFull =
        SenderHarness.parse(
            "{\"title\":\"deploy\",\"text\":\"v2\\nis out\",\"date_happened\":"
                + (now() - 30)
                + ",\"priority\":\"low\",\"host\":\"gateway-1\","
                + "\"tags\":[\"app:web\",\"env:test\",\"team:iot\"],\"alert_type\":\"error\","
                + "\"aggregation_key\":\"deploys\",\"source_type_name\":\"my apps\"}");
    assertThat(SenderHarness.parse(text(first))).isEqualTo(expectedFull);
    // Without h:, the event takes HOST; GLOBAL_TAGS alone; no empty key or source type.
    JsonNode expectedMinimal =
        SenderHarness.parse(
            "{\"title\":\"reboot\",\"text\":\"\",\"date_happened\":"
                + (now() - 20)
                + ",\"priority\":\"normal\",\"host\":\"pi-7\","
                + "\"tags\":[\"env:test\",\"team:iot\"],\"alert_type\":\"info\"}");
    assertThat(SenderHarness.parse(text(harness.take()))).isEqualTo(expectedMinimal);
    assertThat(harness.queueSize(Queue.WRAPPED_EVENTS)).isZero();
    assertThat(harness.selfMetrics())
        .containsEntry("chouette.dispatched.events.number", 2.0)
        .containsEntry("chouette.queued.events", 2.0);
  }

  @Test
  void overLongTitleTextAndKeyAreTruncatedToDatadogsLimitsNotDropped() {
    String title = "t".repeat(150);
    String text = "x".repeat(3998) + "😀" + "y".repeat(2000);
    store(
        new Event(
            title,
            text,
            now(),
            "",
            "k".repeat(101),
            Event.Priority.NORMAL,
            "",
            Event.AlertType.INFO,
            List.of()));
    harness.enqueue(202);

    assertThat(harness.release(sender()).delivered()).isEqualTo(1);

    JsonNode body = SenderHarness.parse(text(harness.take()));
    assertThat(body.get("title").asText()).hasSize(100).isEqualTo("t".repeat(99) + "…");
    // The emoji's surrogate pair would be cut at 3999: it goes whole.
    assertThat(body.get("text").asText()).isEqualTo("x".repeat(3998) + "…");
    assertThat(body.get("aggregation_key").asText()).hasSize(100);
    assertThat(harness.selfMetrics()).containsEntry("chouette.truncated.events", 1.0);
  }

  @Test
  void aBrokenRecordIsDroppedAsInvalidAndTheOthersAreSent() {
    store(Event.of("before", "", now()));
    harness.engine.storeRecords(
        Queue.WRAPPED_EVENTS, List.of(new NewRecord(now(), "{\"title\": \"no text\"")));
    store(Event.of("after", "", now()));
    harness.enqueue(202);
    harness.enqueue(202);

    SendReport report;
    try (LogCapture logs = LogCapture.of("io.chouette.core.send")) {
      report = harness.release(sender());
      assertThat(logs.lines(Level.WARN))
          .singleElement()
          .satisfies(line -> assertThat(line).contains("not a stored event").contains("no text"));
    }

    assertThat(report.delivered()).isEqualTo(2);
    assertThat(report.dropped()).isEqualTo(1);
    assertThat(SenderHarness.parse(text(harness.take())).get("title").asText()).isEqualTo("before");
    assertThat(SenderHarness.parse(text(harness.take())).get("title").asText()).isEqualTo("after");
    assertThat(harness.queueSize(Queue.WRAPPED_EVENTS)).isZero();
    assertThat(harness.selfMetrics())
        .containsEntry("chouette.dropped.events{\"reason\":\"invalid\"}", 1.0);
  }

  @Test
  void anEventRefusedWith400IsDroppedAndLoggedOnceAndTheOthersAreDelivered() {
    store(Event.of("one", "", now()), Event.of("refused", "", now()), Event.of("three", "", now()));
    harness.datadog.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            boolean bad = text(request).contains("refused");
            return new MockResponse.Builder()
                .code(bad ? 400 : 202)
                .body(bad ? "{\"errors\":[\"Bad Request\"]}" : "{\"status\":\"ok\"}")
                .build();
          }
        });
    ActorRef<QueueSender.Command> sender = sender();

    SendReport report;
    try (LogCapture logs = LogCapture.of("io.chouette.core.send")) {
      report = harness.release(sender);
      harness.clock.advance(Duration.ofSeconds(10));
      assertThat(harness.release(sender).outcome()).isEqualTo(SendOutcome.NOTHING_TO_SEND);
      assertThat(logs.lines(Level.WARN))
          .singleElement()
          .satisfies(line -> assertThat(line).contains("rejected").contains("HTTP 400"));
    }
    assertThat(report.outcome()).isEqualTo(SendOutcome.DELIVERED);
    assertThat(report.delivered()).isEqualTo(2);
    assertThat(report.dropped()).isEqualTo(1);
    // Never retried: one request each.
    assertThat(harness.datadog.getRequestCount()).isEqualTo(3);
    assertThat(harness.queueSize(Queue.WRAPPED_EVENTS)).isZero();
    assertThat(harness.selfMetrics())
        .containsEntry("chouette.dropped.events{\"reason\":\"rejected\"}", 1.0);
  }

  @Test
  void intakeDownForSeveralTicksThenUpDeliversEveryEventExactlyOnce() {
    Map<String, Integer> seen = new HashMap<>();
    int[] refusals = {0};
    harness.datadog.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (refusals[0] < 3) {
              refusals[0]++;
              return new MockResponse.Builder().code(500).body("{}").build();
            }
            String title = SenderHarness.parse(text(request)).get("title").asText();
            synchronized (seen) {
              seen.merge(title, 1, Integer::sum);
            }
            return new MockResponse.Builder().code(202).body("{\"status\":\"ok\"}").build();
          }
        });
    ActorRef<QueueSender.Command> sender = sender();
    int stored = 0;
    int failures = 0;
    for (int tick = 0;
        tick < 60 && (tick < 5 || harness.queueSize(Queue.WRAPPED_EVENTS) > 0);
        tick++) {
      if (tick < 5) {
        store(Event.of("e" + tick + "a", "", now()), Event.of("e" + tick + "b", "", now()));
        stored += 2;
      }
      if (harness.release(sender).outcome() == SendOutcome.RETRYING) {
        failures++;
      }
      harness.clock.advance(Duration.ofSeconds(10));
    }
    assertThat(failures).isEqualTo(3);
    assertThat(harness.queueSize(Queue.WRAPPED_EVENTS)).isZero();
    assertThat(seen).hasSize(stored);
    assertThat(seen.values()).allMatch(count -> count == 1);
    assertThat(harness.selfMetrics())
        .containsEntry("chouette.dispatched.events.number", (double) stored);
  }

  @Test
  void eventsOlderThanTheEventTtlAreRemovedUnsentAndCounted() {
    store(Event.of("stale", "", now() - 64_801), Event.of("fresh", "", now() - 64_000));
    harness.enqueue(202);

    assertThat(harness.release(sender()).delivered()).isEqualTo(1);

    assertThat(SenderHarness.parse(text(harness.take())).get("title").asText()).isEqualTo("fresh");
    assertThat(harness.selfMetrics())
        .containsEntry("chouette.dropped.events{\"reason\":\"expired\"}", 1.0);
  }
}
