package io.chouette.core.dogstatsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.timgroup.statsd.NonBlockingStatsDClient;
import com.timgroup.statsd.NonBlockingStatsDClientBuilder;
import com.timgroup.statsd.StatsDClient;
import io.chouette.core.aggregate.DatadogWrapper;
import io.chouette.core.aggregate.MetricsAggregator;
import io.chouette.core.config.AggregatorConfig;
import io.chouette.core.config.DogStatsdConfig;
import io.chouette.core.config.SenderConfig;
import io.chouette.core.send.LinkBudget;
import io.chouette.core.send.QueueSender;
import io.chouette.core.send.SendOutcome;
import io.chouette.core.send.SendReport;
import io.chouette.core.send.SenderStatus;
import io.chouette.core.send.SketchesSender;
import io.chouette.core.sketch.SketchKeys;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import io.chouette.core.storage.memory.MemoryStorageEngine;
import io.chouette.core.testing.MutableClock;
import io.chouette.core.testing.SketchPayloads;
import java.io.ByteArrayInputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
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
 * Distributions end to end with real parts: the real {@code java-dogstatsd-client} sends over UDP
 * to the running DogStatsD server; the MetricsAggregator's tick stores the closed bucket's
 * sketches; the SketchesSender posts them to a fake Datadog (MockWebServer) that decodes the
 * protobuf. Every field is checked against what the exact samples give: count, min, max, sum, avg,
 * and the bins, whose keys and counts come from {@link SketchKeys} applied to each sample.
 */
class DistributionsEndToEndIT {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final long T0 = 1_600_000_000L;
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String API_KEY = "c0ffee0123456789deadbeefc0ffee01";

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** The real client, except that {@code sampleRate} never makes it drop a call. */
  private static final class UnsampledClientBuilder extends NonBlockingStatsDClientBuilder {
    @Override
    public NonBlockingStatsDClient build() {
      return new NonBlockingStatsDClient(resolve()) {
        @Override
        protected boolean isInvalidSample(double sampleRate) {
          return false;
        }
      };
    }
  }

  /** What one context was sent: each value with its sample rate. */
  private static final class Sent {
    final List<double[]> samples = new ArrayList<>();

    void add(double value, double rate) {
      samples.add(new double[] {value, rate});
    }

    /** The Agent's weight of a sample: (int) 1/rate, 1 without a rate. */
    private static long weight(double rate) {
      return rate >= 1 ? 1 : (long) (1 / rate);
    }

    long cnt() {
      return samples.stream().mapToLong(s -> weight(s[1])).sum();
    }

    double min() {
      return samples.stream().mapToDouble(s -> s[0]).min().orElseThrow();
    }

    double max() {
      return samples.stream().mapToDouble(s -> s[0]).max().orElseThrow();
    }

    double sum() {
      return samples.stream().mapToDouble(s -> s[0] * (s[1] >= 1 ? 1 : 1 / s[1])).sum();
    }

    /** Bins from the formula: key(v) per sample, its weight added to that key's count. */
    TreeMap<Integer, Integer> bins() {
      TreeMap<Integer, Integer> bins = new TreeMap<>();
      for (double[] s : samples) {
        bins.merge(SketchKeys.key(s[0]), (int) weight(s[1]), Integer::sum);
      }
      return bins;
    }
  }

  @Test
  void distributionsFromTheRealClientReachTheIntakeAsTheAgentsSketches() throws Exception {
    MutableClock clock = MutableClock.atSeconds(T0 + 5);
    MemoryStorageEngine engine = new MemoryStorageEngine(clock); // SKETCH_TTL counts on it
    DogStatsdBuckets buckets = new DogStatsdBuckets(Duration.ofSeconds(10), 1_000, false, clock);
    ActorRef<StorageActor.Command> storage = testKit.spawn(StorageActor.create(engine));
    ActorRef<DogStatsdServer.Command> server =
        testKit.spawn(
            DogStatsdServer.create(
                new DogStatsdConfig("127.0.0.1", 0, 0, 1_000, DogStatsdConfig.Distributions.SKETCH),
                true,
                buckets,
                new DatadogWrapper(aggregatorConfig()),
                storage));
    TestProbe<DogStatsdServer.ListenAddress> addressProbe = testKit.createTestProbe();
    server.tell(new DogStatsdServer.GetListenAddress(addressProbe.getRef()));
    InetSocketAddress address = addressProbe.receiveMessage().address().orElseThrow();

    Map<String, Sent> expected = new TreeMap<>();
    List<Exception> clientErrors = new CopyOnWriteArrayList<>();
    StatsDClient client =
        new UnsampledClientBuilder()
            .hostname("127.0.0.1")
            .port(address.getPort())
            .prefix("app")
            .constantTags("env:test")
            .enableTelemetry(false)
            .blocking(true)
            .enableAggregation(false)
            .originDetectionEnabled(false)
            .errorHandler(clientErrors::add)
            .build();
    Random random = new Random(14);
    try {
      Sent latency = expected.computeIfAbsent("app.latency [env:test, route:a]", k -> new Sent());
      for (int i = 0; i < 300; i++) {
        // the client writes at most 6 decimals: send values it writes exactly
        double value =
            Math.round(
                    Math.exp(random.nextGaussian() * 3) * 1e6 * (random.nextInt(10) == 0 ? -1 : 1))
                / 1e6;
        client.distribution("latency", value, "route:a");
        latency.add(value, 1);
      }
      for (double special : new double[] {0, 1e9}) {
        client.distribution("latency", special, "route:a");
        latency.add(special, 1);
      }
      Sent sampled = expected.computeIfAbsent("app.latency [env:test, route:b]", k -> new Sent());
      for (int i = 0; i < 20; i++) {
        double value = 1 + random.nextInt(50);
        double rate = i % 2 == 0 ? 0.25 : 0.1;
        client.distribution("latency", value, rate, "route:b");
        sampled.add(value, rate);
      }
      Sent size = expected.computeIfAbsent("app.size [env:test]", k -> new Sent());
      for (long bytes : new long[] {512, 1024, 1024, 4096}) {
        client.distribution("size", bytes);
        size.add(bytes, 1);
      }
    } finally {
      client.stop(); // blocking mode: sends everything queued
    }
    assertThat(clientErrors).isEmpty();
    // a multi-value line, which the client does not write itself, then the sentinel event
    Sent packed = expected.computeIfAbsent("app.size [env:test, packed:yes]", k -> new Sent());
    for (double v : new double[] {3, 1, 2}) {
      packed.add(v, 0.5);
    }
    send(address, "app.size:3:1:2|d|@0.5|#packed:yes,env:test");
    // values below the client's 6 decimals: key 0, as zero
    send(address, "app.latency:1e-12:-1e-12|d|#route:a,env:test");
    Sent latency = expected.get("app.latency [env:test, route:a]");
    latency.add(1e-12, 1);
    latency.add(-1e-12, 1);
    send(address, "_e{4,3}:done|end");
    testKit
        .createTestProbe()
        .awaitAssert(
            WAIT,
            () -> {
              assertThat(buckets.totals().events()).isEqualTo(1);
              return null;
            });
    assertThat(buckets.totals().parseErrors()).isZero();

    // The bucket closes; the aggregator's tick stores its sketches.
    clock.setSeconds(T0 + 10);
    ActorRef<MetricsAggregator.Command> aggregator =
        testKit.spawn(
            MetricsAggregator.create(
                aggregatorConfig(),
                new DatadogWrapper(aggregatorConfig()),
                storage,
                buckets,
                clock,
                false,
                DogStatsdConfig.Distributions.SKETCH));
    TestProbe<MetricsAggregator.Aggregated> aggregated = testKit.createTestProbe();
    aggregator.tell(new MetricsAggregator.AggregateNow(aggregated.getRef()));
    assertThat(aggregated.receiveMessage(WAIT).failure()).isEmpty();
    assertThat(engine.queueSize(Queue.WRAPPED_SKETCHES)).isEqualTo(4);
    assertThat(engine.queueSize(Queue.WRAPPED_METRICS)).isZero();

    try (MockWebServer datadog = new MockWebServer()) {
      datadog.start();
      datadog.enqueue(new MockResponse.Builder().code(202).build());
      SenderConfig config =
          SenderConfig.fromEnv(
              Map.of(
                  "API_KEY",
                  API_KEY,
                  "GLOBAL_TAGS",
                  "[\"team:iot\",\"env:test\"]",
                  "HOST",
                  "pi-7",
                  "DATADOG_URL",
                  datadog.url("/api").toString()));
      ActorRef<QueueSender.Command> sender =
          testKit.spawn(
              SketchesSender.create(
                  config, storage, clock, new SenderStatus(), LinkBudget.of(config.sendMaxKbps())));
      TestProbe<SendReport> report = testKit.createTestProbe();
      sender.tell(new QueueSender.ReleaseNow(report.getRef()));
      SendReport sent = report.receiveMessage(WAIT);
      assertThat(sent.outcome()).isEqualTo(SendOutcome.DELIVERED);
      assertThat(sent.delivered()).isEqualTo(4);

      RecordedRequest request = datadog.takeRequest(5, TimeUnit.SECONDS);
      assertThat(request).isNotNull();
      assertThat(request.getMethod()).isEqualTo("POST");
      assertThat(request.getUrl().encodedPath()).isEqualTo("/api/beta/sketches");
      assertThat(request.getHeaders().get("DD-API-KEY")).isEqualTo(API_KEY);
      assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/x-protobuf");
      assertThat(request.getHeaders().get("Content-Encoding")).isEqualTo("deflate");
      List<SketchPayloads.Decoded> sketches =
          SketchPayloads.decode(inflate(request.getBody().toByteArray()));

      Map<String, SketchPayloads.Decoded> byContext = new TreeMap<>();
      for (SketchPayloads.Decoded sketch : sketches) {
        List<String> contextTags = sketch.tags().subList(0, sketch.tags().size() - 1);
        byContext.put(sketch.metric() + " " + contextTags, sketch);
        // GLOBAL_TAGS appended, env:test not repeated
        assertThat(sketch.tags()).endsWith("team:iot").containsOnlyOnce("env:test");
        assertThat(sketch.host()).isEqualTo("pi-7");
        assertThat(sketch.ts()).isEqualTo(T0);
      }
      assertThat(byContext.keySet()).isEqualTo(expected.keySet());
      expected.forEach(
          (context, exact) -> {
            SketchPayloads.Decoded got = byContext.get(context);
            assertThat(got.cnt()).as(context).isEqualTo(exact.cnt());
            assertThat(got.min()).as(context).isEqualTo(exact.min());
            assertThat(got.max()).as(context).isEqualTo(exact.max());
            assertThat(got.sum())
                .as(context)
                .isCloseTo(exact.sum(), within(1e-9 * Math.abs(exact.sum()) + 1e-12));
            assertThat(got.avg())
                .as(context)
                .isCloseTo(exact.sum() / exact.cnt(), within(1e-9 * Math.abs(exact.sum()) + 1e-12));
            assertThat(got.k()).as(context).containsExactlyElementsOf(exact.bins().keySet());
            assertThat(got.n()).as(context).containsExactlyElementsOf(exact.bins().values());
          });
    }
    assertThat(engine.queueSize(Queue.WRAPPED_SKETCHES)).isZero();
  }

  private static AggregatorConfig aggregatorConfig() {
    return new AggregatorConfig(
        Duration.ofSeconds(10),
        Duration.ofHours(4),
        "datadog",
        AggregatorConfig.DEFAULT_AGGREGATES,
        AggregatorConfig.DEFAULT_PERCENTILES);
  }

  private static void send(InetSocketAddress to, String datagram) throws Exception {
    byte[] bytes = datagram.getBytes(StandardCharsets.UTF_8);
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.send(new DatagramPacket(bytes, bytes.length, to));
    }
  }

  private static byte[] inflate(byte[] deflated) throws Exception {
    try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(deflated))) {
      return in.readAllBytes();
    }
  }
}
