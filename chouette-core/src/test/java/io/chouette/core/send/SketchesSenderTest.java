package io.chouette.core.send;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.chouette.core.aggregate.SketchRecords;
import io.chouette.core.config.SenderConfig;
import io.chouette.core.sketch.SketchBuilder;
import io.chouette.core.sketch.WrappedSketch;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.testing.LogCapture;
import io.chouette.core.testing.SketchPayloads;
import java.time.Duration;
import java.util.ArrayList;
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

/** The sketches sender against a fake intake that decodes the protobuf body. */
class SketchesSenderTest {

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

  private long now() {
    return (long) Math.floor(harness.clock.seconds());
  }

  private static WrappedSketch sketch(String metric, List<String> tags, long ts, double... values) {
    SketchBuilder builder = new SketchBuilder();
    for (double value : values) {
      builder.insert(value);
    }
    return new WrappedSketch(metric, "", tags, ts, builder.close());
  }

  private void store(List<WrappedSketch> sketches) {
    harness.engine.storeRecords(Queue.WRAPPED_SKETCHES, SketchRecords.of(sketches));
  }

  private ActorRef<QueueSender.Command> sender(String... env) {
    SenderConfig config = harness.config(env);
    return testKit.spawn(
        SketchesSender.create(
            config, harness.storage, harness.clock, harness.status, SenderHarness.ownLink(config)));
  }

  /** Every sketch the fake intake received, in order. */
  private List<SketchPayloads.Decoded> received(int requests) {
    List<SketchPayloads.Decoded> sketches = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      sketches.addAll(decode(harness.take()));
    }
    return sketches;
  }

  private static List<SketchPayloads.Decoded> decode(RecordedRequest request) {
    return SketchPayloads.decode(SenderHarness.inflate(request.getBody().toByteArray()));
  }

  @Test
  void postsTheAgentsProtobufWithGlobalTagsAndHost() {
    WrappedSketch latency = sketch("latency", List.of("route:/"), now() - 10, 0.5, 2, 2, 40);
    WrappedSketch tagged = sketch("size", List.of("env:test", "b"), now(), -1, 0, 1e-12);
    store(List.of(latency, tagged));
    harness.enqueue(202, "");

    SendReport report = harness.release(sender());

    assertThat(report.outcome()).isEqualTo(SendOutcome.DELIVERED);
    assertThat(report.delivered()).isEqualTo(2);
    RecordedRequest request = harness.take();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/beta/sketches");
    assertThat(request.getUrl().query()).isNull();
    assertThat(request.getHeaders().get("DD-API-KEY")).isEqualTo(SenderHarness.API_KEY);
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(request.getHeaders().get("Content-Encoding")).isEqualTo("deflate");

    List<SketchPayloads.Decoded> sketches = decode(request);
    assertThat(sketches).hasSize(2);
    assertDecoded(sketches.get(0), latency, "pi-7", List.of("route:/", "env:test", "team:iot"));
    assertDecoded(sketches.get(1), tagged, "pi-7", List.of("env:test", "b", "team:iot"));

    assertThat(harness.queueSize(Queue.WRAPPED_SKETCHES)).isZero();
    assertThat(harness.selfMetrics())
        .containsEntry("chouette.dispatched.sketches.number", 2.0)
        .containsEntry("chouette.dispatched.sketches.bytes", (double) request.getBodySize())
        .containsEntry("chouette.queued.sketches", 2.0);
  }

  static void assertDecoded(
      SketchPayloads.Decoded actual, WrappedSketch expected, String host, List<String> tags) {
    assertThat(actual.metric()).isEqualTo(expected.metric());
    assertThat(actual.host()).isEqualTo(host);
    assertThat(actual.tags()).isEqualTo(tags);
    assertThat(actual.ts()).isEqualTo(expected.ts());
    assertThat(actual.cnt()).isEqualTo(expected.sketch().cnt());
    assertThat(actual.min()).isEqualTo(expected.sketch().min());
    assertThat(actual.max()).isEqualTo(expected.sketch().max());
    assertThat(actual.sum()).isEqualTo(expected.sketch().sum());
    assertThat(actual.avg()).isEqualTo(expected.sketch().avg());
    assertThat(actual.k()).containsExactly(box(expected.sketch().k()));
    assertThat(actual.n()).containsExactly(box(expected.sketch().n()));
  }

  private static Integer[] box(int[] values) {
    return java.util.Arrays.stream(values).boxed().toArray(Integer[]::new);
  }

  @Test
  void withoutHostTheSketchesCarryNone() {
    store(List.of(sketch("latency", List.of(), now(), 1)));
    harness.enqueue(202, "");

    harness.release(sender("HOST", "", "GLOBAL_TAGS", "[]"));

    SketchPayloads.Decoded sent = decode(harness.take()).get(0);
    assertThat(sent.host()).isEmpty();
    assertThat(sent.tags()).isEmpty();
  }

  @Test
  void aBrokenStoredRecordIsDroppedAsInvalidAndTheRestDelivered() {
    WrappedSketch good = sketch("latency", List.of(), now(), 1, 2);
    store(List.of(good));
    harness.engine.storeRecords(
        Queue.WRAPPED_SKETCHES,
        List.of(
            new NewRecord(now(), "{not json"),
            new NewRecord(now(), "{\"metric\": \"x\", \"ts\": 1, \"k\": [3, 1], \"n\": [1, 1]}")));
    harness.enqueue(202, "");

    SendReport report;
    try (LogCapture logs = LogCapture.of("io.chouette.core.send")) {
      report = harness.release(sender());
      assertThat(String.join("\n", logs.lines(null))).contains("not a wrapped sketch");
    }

    assertThat(report.delivered()).isEqualTo(1);
    assertThat(report.dropped()).isEqualTo(2);
    assertThat(harness.queueSize(Queue.WRAPPED_SKETCHES)).isZero();
    assertThat(decode(harness.take()))
        .extracting(SketchPayloads.Decoded::metric)
        .containsExactly("latency");
    assertThat(harness.selfMetrics())
        .containsEntry("chouette.dropped.sketches{\"reason\":\"invalid\"}", 2.0);
  }

  @Test
  void aRefusedSketchAmongSeveralIsIsolatedAndDropped() {
    List<WrappedSketch> sketches = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      sketches.add(sketch(i == 23 ? "poison" : "ok." + i, List.of(), now(), i));
    }
    store(sketches);
    harness.datadog.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            boolean poisoned = decode(request).stream().anyMatch(s -> s.metric().equals("poison"));
            return new MockResponse.Builder().code(poisoned ? 400 : 202).build();
          }
        });

    SendReport report;
    try (LogCapture logs = LogCapture.of("io.chouette.core.send")) {
      report = harness.release(sender());
      assertThat(logs.lines(Level.WARN).stream().filter(l -> l.contains("rejected")))
          .singleElement()
          .satisfies(line -> assertThat(line).contains("poison"));
    }
    assertThat(report.delivered()).isEqualTo(39);
    assertThat(report.dropped()).isEqualTo(1);
    assertThat(harness.queueSize(Queue.WRAPPED_SKETCHES)).isZero();
    assertThat(harness.selfMetrics())
        .containsEntry("chouette.dropped.sketches{\"reason\":\"rejected\"}", 1.0);
  }

  @Test
  void intakeDownForThreeTicksThenUpDeliversEverySketchExactlyOnce() {
    for (int i = 0; i < 3; i++) {
      harness.enqueue(500, "down");
    }
    ActorRef<QueueSender.Command> sender = sender();
    int stored = 0;
    int failures = 0;
    for (int tick = 0;
        tick < 20 && (tick < 3 || harness.queueSize(Queue.WRAPPED_SKETCHES) > 0);
        tick++) {
      List<WrappedSketch> batch = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        batch.add(sketch("m.t" + tick + ".i" + i, List.of(), now(), tick, i));
      }
      store(batch);
      stored += batch.size();
      if (failures == 3) {
        harness.datadog.setDispatcher(MetricsSenderTest.acceptAll());
      }
      if (harness.release(sender).outcome() == SendOutcome.RETRYING) {
        failures++;
      }
      harness.clock.advance(Duration.ofSeconds(10));
    }
    assertThat(failures).isEqualTo(3);
    assertThat(harness.queueSize(Queue.WRAPPED_SKETCHES)).isZero();
    int requests = harness.datadog.getRequestCount();
    for (int i = 0; i < 3; i++) {
      harness.take(); // the refused ones
    }
    Map<String, Integer> seen = new HashMap<>();
    received(requests - 3).forEach(s -> seen.merge(s.metric(), 1, Integer::sum));
    assertThat(seen).hasSize(stored);
    assertThat(seen.values()).allMatch(count -> count == 1);
  }

  @Test
  void sketchesOlderThanTheTtlAreDroppedAndCounted() {
    WrappedSketch old = sketch("old", List.of(), now() - 601, 1);
    WrappedSketch fresh = sketch("fresh", List.of(), now() - 599, 1);
    store(List.of(old, fresh));
    harness.enqueue(202, "");

    SendReport report = harness.release(sender("SKETCH_TTL", "600"));

    assertThat(report.delivered()).isEqualTo(1);
    assertThat(decode(harness.take()))
        .extracting(SketchPayloads.Decoded::metric)
        .containsExactly("fresh");
    assertThat(harness.selfMetrics())
        .containsEntry("chouette.dropped.sketches{\"reason\":\"expired\"}", 1.0);
  }

  @Test
  void theDefaultTtlIsAnHour() {
    store(List.of(sketch("old", List.of(), now() - 3601, 1)));

    assertThat(harness.release(sender()).outcome()).isEqualTo(SendOutcome.NOTHING_TO_SEND);
    assertThat(harness.queueSize(Queue.WRAPPED_SKETCHES)).isZero();
    assertThat(harness.selfMetrics())
        .containsEntry("chouette.dropped.sketches{\"reason\":\"expired\"}", 1.0);
  }
}
