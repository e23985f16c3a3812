package io.chouette.core.dogstatsd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.timgroup.statsd.Event;
import com.timgroup.statsd.NonBlockingStatsDClientBuilder;
import com.timgroup.statsd.ServiceCheck;
import com.timgroup.statsd.StatsDClient;
import io.chouette.core.aggregate.DatadogWrapper;
import io.chouette.core.config.AggregatorConfig;
import io.chouette.core.config.DogStatsdConfig;
import io.chouette.core.config.SenderConfig;
import io.chouette.core.send.EventsSender;
import io.chouette.core.send.LinkBudget;
import io.chouette.core.send.QueueSender;
import io.chouette.core.send.SendReport;
import io.chouette.core.send.SenderStatus;
import io.chouette.core.send.ServiceChecksSender;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import io.chouette.core.storage.memory.MemoryStorageEngine;
import io.chouette.core.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.InflaterInputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * End to end with real parts: the real Datadog Java client sends events and service checks over UDP
 * to the running DogStatsD server, which stores them; the events and service-check senders post
 * them to a fake Datadog intake (MockWebServer on loopback), where every field is checked.
 */
class DogStatsdEventsIT {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String API_KEY = "c0ffee0123456789deadbeefc0ffee01";

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void eventsAndServiceChecksFromTheRealClientReachDatadogWithEveryField() throws Exception {
    long t0 = Instant.now().getEpochSecond();
    MutableClock clock = MutableClock.atSeconds(t0);
    MemoryStorageEngine engine = new MemoryStorageEngine(clock);
    ActorRef<StorageActor.Command> storage = testKit.spawn(StorageActor.create(engine));
    DogStatsdBuckets buckets = new DogStatsdBuckets(Duration.ofSeconds(10), 1_000, false, clock);
    AggregatorConfig aggregator =
        new AggregatorConfig(
            Duration.ofSeconds(10),
            Duration.ofHours(4),
            "datadog",
            AggregatorConfig.DEFAULT_AGGREGATES,
            AggregatorConfig.DEFAULT_PERCENTILES);
    ActorRef<DogStatsdServer.Command> server =
        testKit.spawn(
            DogStatsdServer.create(
                new DogStatsdConfig(
                    "127.0.0.1", 0, 0, 1_000, DogStatsdConfig.Distributions.HISTOGRAM),
                true,
                buckets,
                new DatadogWrapper(aggregator),
                storage));
    TestProbe<DogStatsdServer.ListenAddress> addressProbe = testKit.createTestProbe();
    server.tell(new DogStatsdServer.GetListenAddress(addressProbe.getRef()));
    InetSocketAddress address = addressProbe.receiveMessage().address().orElseThrow();

    List<Exception> clientErrors = new CopyOnWriteArrayList<>();
    StatsDClient client =
        new NonBlockingStatsDClientBuilder()
            .hostname("127.0.0.1")
            .port(address.getPort())
            .constantTags("env:test")
            .enableTelemetry(false)
            .blocking(true)
            .originDetectionEnabled(false)
            .errorHandler(clientErrors::add)
            .build();
    try {
      client.recordEvent(
          Event.builder()
              .withTitle("deploy")
              .withText("v2 is out\nall green")
              .withDate((t0 - 60) * 1000)
              .withHostname("gateway-1")
              .withAggregationKey("deploys")
              .withPriority(Event.Priority.LOW)
              .withSourceTypeName("my apps")
              .withAlertType(Event.AlertType.SUCCESS)
              .build(),
          "app:web");
      client.recordEvent(Event.builder().withTitle("reboot").withText("").build());
      client.recordServiceCheckRun(
          ServiceCheck.builder()
              .withName("app.db")
              .withStatus(ServiceCheck.Status.CRITICAL)
              .withTimestamp((int) (t0 - 30))
              .withHostname("gateway-1")
              .withMessage("connection refused")
              .withTags(new String[] {"db:main"})
              .build());
      client.recordServiceCheckRun(
          ServiceCheck.builder().withName("app.cache").withStatus(ServiceCheck.Status.OK).build());
    } finally {
      client.stop();
    }
    assertThat(clientErrors).isEmpty();

    // The server stores them on its own timer, without waiting for a bucket to close.
    testKit
        .createTestProbe()
        .awaitAssert(
            WAIT,
            () -> {
              assertThat(engine.queueSize(Queue.WRAPPED_EVENTS)).isEqualTo(2);
              assertThat(engine.queueSize(Queue.WRAPPED_SERVICE_CHECKS)).isEqualTo(2);
              return null;
            });
    assertThat(buckets.pendingEvents().size()).isZero();
    assertThat(buckets.totals().parseErrors()).isZero();

    try (MockWebServer datadog = new MockWebServer()) {
      datadog.start();
      for (int i = 0; i < 3; i++) {
        datadog.enqueue(new MockResponse.Builder().code(202).body("{\"status\":\"ok\"}").build());
      }
      SenderConfig config =
          SenderConfig.fromEnv(
              Map.of(
                  "API_KEY", API_KEY,
                  "GLOBAL_TAGS", "[\"team:iot\"]",
                  "HOST", "pi-7",
                  "DATADOG_URL", datadog.url("/api").toString(),
                  "SEND_SELF_METRICS", "false"));
      LinkBudget link = LinkBudget.of(config.sendMaxKbps());
      release(testKit.spawn(EventsSender.create(config, storage, clock, new SenderStatus(), link)));
      release(
          testKit.spawn(
              ServiceChecksSender.create(config, storage, clock, new SenderStatus(), link)));

      RecordedRequest deploy = take(datadog);
      assertPost(deploy, "/api/v1/events", null);
      assertThat(body(deploy))
          .isEqualTo(
              JSON.readTree(
                  "{\"title\":\"deploy\",\"text\":\"v2 is out\\nall green\",\"date_happened\":"
                      + (t0 - 60)
                      + ",\"priority\":\"low\",\"host\":\"gateway-1\","
                      + "\"tags\":[\"env:test\",\"app:web\",\"team:iot\"],"
                      + "\"alert_type\":\"success\",\"aggregation_key\":\"deploys\","
                      + "\"source_type_name\":\"my apps\"}"));
      RecordedRequest reboot = take(datadog);
      assertPost(reboot, "/api/v1/events", null);
      // No d: from the client: the arrival time; no h:: HOST.
      assertThat(body(reboot))
          .isEqualTo(
              JSON.readTree(
                  "{\"title\":\"reboot\",\"text\":\"\",\"date_happened\":"
                      + t0
                      + ",\"priority\":\"normal\",\"host\":\"pi-7\","
                      + "\"tags\":[\"env:test\",\"team:iot\"],\"alert_type\":\"info\"}"));

      RecordedRequest checks = take(datadog);
      assertPost(checks, "/api/v1/check_run", "deflate");
      assertThat(body(checks))
          .isEqualTo(
              JSON.readTree(
                  "[{\"check\":\"app.db\",\"host_name\":\"gateway-1\",\"timestamp\":"
                      + (t0 - 30)
                      + ",\"status\":2,\"message\":\"connection refused\","
                      + "\"tags\":[\"env:test\",\"db:main\",\"team:iot\"]},"
                      + "{\"check\":\"app.cache\",\"host_name\":\"pi-7\",\"timestamp\":"
                      + t0
                      + ",\"status\":0,\"message\":\"\",\"tags\":[\"env:test\",\"team:iot\"]}]"));
      assertThat(datadog.getRequestCount()).isEqualTo(3);
    }
    assertThat(engine.queueSize(Queue.WRAPPED_EVENTS)).isZero();
    assertThat(engine.queueSize(Queue.WRAPPED_SERVICE_CHECKS)).isZero();
  }

  private static void release(ActorRef<QueueSender.Command> sender) {
    TestProbe<SendReport> probe = testKit.createTestProbe();
    sender.tell(new QueueSender.ReleaseNow(probe.getRef()));
    probe.receiveMessage(WAIT);
  }

  private static RecordedRequest take(MockWebServer datadog) throws InterruptedException {
    RecordedRequest request = datadog.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request).as("a request reached the fake Datadog").isNotNull();
    return request;
  }

  private static void assertPost(RecordedRequest request, String path, String encoding) {
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo(path);
    assertThat(request.getUrl().query()).isNull();
    assertThat(request.getHeaders().get("DD-API-KEY")).isEqualTo(API_KEY);
    assertThat(request.getHeaders().get("Content-Encoding")).isEqualTo(encoding);
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
  }

  private static JsonNode body(RecordedRequest request) throws Exception {
    byte[] raw = request.getBody().toByteArray();
    if ("deflate".equals(request.getHeaders().get("Content-Encoding"))) {
      try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(raw))) {
        raw = in.readAllBytes();
      }
    }
    return JSON.readTree(new String(raw, StandardCharsets.UTF_8));
  }
}
