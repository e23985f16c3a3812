package io.chouette.core.send;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chouette.core.BlockingIo;
import io.chouette.core.config.SenderConfig;
import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.metric.WrappedMetricCodec;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import io.chouette.core.storage.StoredRecord;
import io.chouette.core.storage.memory.MemoryStorageEngine;
import io.chouette.core.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.InflaterInputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One sender under test: a real Storage actor over the memory engine (its reads and deletions
 * logged), a MockWebServer standing in for Datadog, and a clock the test moves.
 */
final class SenderHarness implements AutoCloseable {

  static final String API_KEY = "c0ffee0123456789deadbeefc0ffee01";
  static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger NAMES = new AtomicInteger();

  final ActorTestKit testKit;
  final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T12:00:00Z"));
  final MemoryStorageEngine engine = new MemoryStorageEngine(clock);
  final MockWebServer datadog = new MockWebServer();
  final LoggedEngine loggedEngine = new LoggedEngine(engine);
  final ActorRef<StorageActor.Command> storage;
  final SenderStatus status = new SenderStatus();

  SenderHarness(ActorTestKit testKit) {
    this.testKit = testKit;
    try {
      datadog.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    storage =
        testKit.spawn(
            StorageActor.create(loggedEngine),
            "storage-" + NAMES.incrementAndGet(),
            BlockingIo.dispatcher());
  }

  /** The base environment, then {@code overrides} as key, value, key, value... */
  Map<String, String> env(String... overrides) {
    Map<String, String> env = new HashMap<>();
    env.put("API_KEY", API_KEY);
    env.put("GLOBAL_TAGS", "[\"env:test\",\"team:iot\"]");
    env.put("HOST", "pi-7");
    env.put("DATADOG_URL", datadog.url("/api").toString());
    env.put("DATADOG_LOGS_URL", datadog.url("/").toString());
    env.put("RELEASE_INTERVAL", "10");
    for (int i = 0; i < overrides.length; i += 2) {
      env.put(overrides[i], overrides[i + 1]);
    }
    return env;
  }

  SenderConfig config(String... overrides) {
    return SenderConfig.fromEnv(env(overrides));
  }

  ActorRef<QueueSender.Command> metricsSender(SenderConfig config) {
    return testKit.spawn(
        MetricsSender.create(config, storage, clock, status, ownLink(config)),
        "metrics-" + NAMES.incrementAndGet());
  }

  ActorRef<QueueSender.Command> logsSender(SenderConfig config) {
    return testKit.spawn(
        LogsSender.create(config, storage, clock, status, ownLink(config)),
        "logs-" + NAMES.incrementAndGet());
  }

  /** A {@code SEND_MAX_KBPS} budget for one sender alone. */
  static LinkBudget ownLink(SenderConfig config) {
    return LinkBudget.of(config.sendMaxKbps());
  }

  SendReport release(ActorRef<QueueSender.Command> sender) {
    TestProbe<SendReport> probe = testKit.createTestProbe(SendReport.class);
    sender.tell(new QueueSender.ReleaseNow(probe.getRef()));
    return probe.receiveMessage(Duration.ofSeconds(20));
  }

  SendReport releaseLogs(ActorRef<QueueSender.Command> sender) {
    TestProbe<SendReport> probe = testKit.createTestProbe(SendReport.class);
    sender.tell(new QueueSender.ReleaseNow(probe.getRef()));
    return probe.receiveMessage(Duration.ofSeconds(20));
  }

  /** Stores wrapped metrics as the aggregator does; returns their keys. */
  List<String> storeMetrics(List<WrappedMetric> metrics) {
    List<NewRecord> records = new ArrayList<>();
    for (WrappedMetric metric : metrics) {
      records.add(new NewRecord(metric.timestamp(), WrappedMetricCodec.toJson(metric)));
    }
    return engine.storeRecords(Queue.WRAPPED_METRICS, records);
  }

  /** {@code n} gauges {@code name} with values 0..n-1, one per second from now. */
  List<WrappedMetric> gauges(String name, int n, List<String> tags) {
    List<WrappedMetric> metrics = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      metrics.add(WrappedMetric.gauge(name, tags, Math.floor(clock.seconds()) + i, i));
    }
    return metrics;
  }

  List<StoredRecord> queue(Queue queue) {
    return engine.collectValues(
        queue, engine.collectKeys(queue, 0).stream().map(k -> k.key()).toList());
  }

  long queueSize(Queue queue) {
    return engine.queueSize(queue);
  }

  /** Self-metrics written to the raw queue: name (with tags, if any) to summed value. */
  Map<String, Double> selfMetrics() {
    Map<String, Double> sums = new HashMap<>();
    for (StoredRecord record : queue(Queue.RAW_METRICS)) {
      JsonNode node = parse(record.json());
      String name = node.get("metric").asText();
      if (!node.get("tags").isEmpty()) {
        name += node.get("tags").toString();
      }
      sums.merge(name, node.get("value").asDouble(), Double::sum);
    }
    return sums;
  }

  void enqueue(int code) {
    datadog.enqueue(new MockResponse.Builder().code(code).body("{\"status\":\"ok\"}").build());
  }

  void enqueue(int code, String body) {
    datadog.enqueue(new MockResponse.Builder().code(code).body(body).build());
  }

  RecordedRequest take() {
    try {
      RecordedRequest request = datadog.takeRequest(5, TimeUnit.SECONDS);
      if (request == null) {
        throw new AssertionError("no request reached the fake Datadog");
      }
      return request;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * A POST to {@code path} as Datadog expects it: the API key in its header (never in the query), a
   * deflated JSON body.
   */
  static void assertDatadogPost(RecordedRequest request, String path) {
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo(path);
    assertThat(request.getUrl().query()).isNull();
    assertThat(request.getHeaders().get("DD-API-KEY")).isEqualTo(API_KEY);
    assertThat(request.getHeaders().get("Content-Encoding")).isEqualTo("deflate");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
  }

  /** The request's body, inflated and parsed. */
  static JsonNode body(RecordedRequest request) {
    return parse(
        new String(
            inflate(request.getBody().toByteArray()), java.nio.charset.StandardCharsets.UTF_8));
  }

  static byte[] inflate(byte[] deflated) {
    try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(deflated))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    datadog.close();
  }
}
