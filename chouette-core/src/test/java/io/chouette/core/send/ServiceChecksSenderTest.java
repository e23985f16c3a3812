package io.chouette.core.send;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chouette.core.config.SenderConfig;
import io.chouette.core.event.ServiceCheck;
import io.chouette.core.event.ServiceCheckCodec;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
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

/** Service checks from their queue to a fake {@code /v1/check_run}, over the memory engine. */
class ServiceChecksSenderTest {

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
        ServiceChecksSender.create(
            config, harness.storage, harness.clock, harness.status, SenderHarness.ownLink(config)));
  }

  long now() {
    return (long) harness.clock.seconds();
  }

  void store(ServiceCheck... checks) {
    for (ServiceCheck check : checks) {
      harness.engine.storeRecords(
          Queue.WRAPPED_SERVICE_CHECKS, List.of(ServiceCheckCodec.toRecord(check)));
    }
  }

  static ServiceCheck check(String name, long timestamp) {
    return new ServiceCheck(name, 0, timestamp, "", "", List.of());
  }

  /** The check runs of a request, by name. */
  static Map<String, JsonNode> runs(RecordedRequest request) {
    Map<String, JsonNode> runs = new HashMap<>();
    SenderHarness.body(request).forEach(run -> runs.put(run.get("check").asText(), run));
    return runs;
  }

  @Test
  void postsOneDeflatedArrayOfCheckRunsWithEveryField() {
    store(
        new ServiceCheck("app.db", 2, now() - 5, "gateway-1", "refused", List.of("db:main")),
        check("app.cache", now() - 4));
    harness.enqueue(202);

    SendReport report = harness.release(sender("SEND_SELF_METRICS", "false"));

    assertThat(report.outcome()).isEqualTo(SendOutcome.DELIVERED);
    assertThat(report.delivered()).isEqualTo(2);
    RecordedRequest request = harness.take();
    SenderHarness.assertDatadogPost(request, "/api/v1/check_run");
    JsonNode expected =
        SenderHarness.parse(
            "[{\"check\":\"app.db\",\"host_name\":\"gateway-1\",\"timestamp\":"
                + (now() - 5)
                + ",\"status\":2,\"message\":\"refused\","
                + "\"tags\":[\"db:main\",\"env:test\",\"team:iot\"]},"
                + "{\"check\":\"app.cache\",\"host_name\":\"pi-7\",\"timestamp\":"
                + (now() - 4)
                + ",\"status\":0,\"message\":\"\",\"tags\":[\"env:test\",\"team:iot\"]}]");
    assertThat(SenderHarness.body(request)).isEqualTo(expected);
    assertThat(harness.queueSize(Queue.WRAPPED_SERVICE_CHECKS)).isZero();
    assertThat(harness.datadog.getRequestCount()).isEqualTo(1);
  }

  @Test
  void chouetteUpIsStoredAndSentOnEveryReleaseTick() {
    ActorRef<QueueSender.Command> sender = sender();
    List<Long> sentAt = new ArrayList<>();
    for (int tick = 0; tick < 3; tick++) {
      harness.enqueue(202);
      assertThat(harness.release(sender).delivered()).isEqualTo(1);
      JsonNode up = runs(harness.take()).get("chouette.up");
      assertThat(up).isNotNull();
      assertThat(up.get("status").asInt()).isZero();
      assertThat(up.get("host_name").asText()).isEqualTo("pi-7");
      assertThat(up.get("tags")).isEqualTo(SenderHarness.parse("[\"env:test\",\"team:iot\"]"));
      sentAt.add(up.get("timestamp").asLong());
      harness.clock.advance(Duration.ofSeconds(10));
    }
    assertThat(sentAt).containsExactly(now() - 30, now() - 20, now() - 10);
  }

  @Test
  void withoutSelfMetricsThereIsNoChouetteUp() {
    ActorRef<QueueSender.Command> sender = sender("SEND_SELF_METRICS", "false");

    assertThat(harness.release(sender).outcome()).isEqualTo(SendOutcome.NOTHING_TO_SEND);
    assertThat(harness.queueSize(Queue.WRAPPED_SERVICE_CHECKS)).isZero();
    assertThat(harness.datadog.getRequestCount()).isZero();
  }

  @Test
  void aBrokenRecordIsDroppedAsInvalidAndTheOthersAreSent() {
    store(check("before", now()));
    harness.engine.storeRecords(
        Queue.WRAPPED_SERVICE_CHECKS,
        List.of(new NewRecord(now(), "{\"check\":\"x\",\"status\":9,\"timestamp\":1}")));
    store(check("after", now()));
    harness.enqueue(202);

    SendReport report = harness.release(sender("SEND_SELF_METRICS", "false"));

    assertThat(report.delivered()).isEqualTo(2);
    assertThat(report.dropped()).isEqualTo(1);
    assertThat(runs(harness.take()).keySet()).containsExactlyInAnyOrder("before", "after");
    assertThat(harness.queueSize(Queue.WRAPPED_SERVICE_CHECKS)).isZero();
  }

  @Test
  void intakeDownForSeveralTicksThenUpDeliversEveryCheckExactlyOnce() {
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
            synchronized (seen) {
              SenderHarness.body(request)
                  .forEach(
                      run ->
                          seen.merge(
                              run.get("check").asText() + "@" + run.get("timestamp").asLong(),
                              1,
                              Integer::sum));
            }
            return new MockResponse.Builder().code(202).body("{\"status\":\"ok\"}").build();
          }
        });
    ActorRef<QueueSender.Command> sender = sender();
    int stored = 0;
    int failures = 0;
    int ticks = 0;
    for (;
        ticks < 60 && (ticks < 5 || harness.queueSize(Queue.WRAPPED_SERVICE_CHECKS) > 0);
        ticks++) {
      if (ticks < 5) {
        store(check("c" + ticks, now()));
        stored++;
      }
      if (harness.release(sender).outcome() == SendOutcome.RETRYING) {
        failures++;
      }
      harness.clock.advance(Duration.ofSeconds(10));
    }
    assertThat(failures).isEqualTo(3);
    assertThat(harness.queueSize(Queue.WRAPPED_SERVICE_CHECKS)).isZero();
    // One chouette.up per tick, each with its own timestamp, plus the application's checks.
    assertThat(seen).hasSize(stored + ticks);
    assertThat(seen.values()).allMatch(count -> count == 1);
  }

  @Test
  void aCheckThatWaitedLongerThanItsTtlIsDroppedAndCounted() {
    store(check("waited", now()));
    harness.enqueue(500);
    ActorRef<QueueSender.Command> sender = sender();
    assertThat(harness.release(sender).outcome()).isEqualTo(SendOutcome.RETRYING);

    harness.clock.advance(Duration.ofSeconds(601)); // SERVICE_CHECK_TTL is 600 s
    store(check("fresh", now()));
    harness.enqueue(202);
    SendReport report = harness.release(sender);

    assertThat(report.outcome()).isEqualTo(SendOutcome.DELIVERED);
    harness.take(); // the refused one
    assertThat(runs(harness.take()).keySet()).containsExactlyInAnyOrder("fresh", "chouette.up");
    // "waited" and the first tick's chouette.up.
    assertThat(harness.selfMetrics())
        .containsEntry("chouette.dropped.service_checks{\"reason\":\"expired\"}", 2.0);
  }
}
