package io.chouette.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chouette.redis.testing.RedisServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Redis faults under the real agent (its jar, in a process of its own) with DogStatsD flowing: a
 * Redis at its {@code maxmemory} under {@code noeviction}, and a Redis that crashed without
 * persistence and came back empty. The agent keeps running, says what is wrong (log, health, {@code
 * chouette.storage.errors}), keeps what was stored, and recovers without a restart.
 */
class RedisFaultsIT {

  private static final String API_KEY = "faults-key";
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final ObjectMapper JSON = new ObjectMapper();

  private RedisServer redis;
  private FakeDatadog datadog;
  private ChouetteProcess chouette;
  private int dogstatsdPort;
  private int healthPort;

  @BeforeEach
  void startAll() throws Exception {
    redis = RedisServer.start(RedisServer.Persistence.NONE);
    datadog = new FakeDatadog(API_KEY);
    dogstatsdPort = Loopback.freeUdpPort();
    healthPort = Loopback.freeTcpPort();
    Map<String, String> env = new HashMap<>(redis.env());
    env.putAll(
        Map.of(
            "API_KEY",
            API_KEY,
            "CHOUETTE_STORAGE_TYPE",
            "redis",
            "AGGREGATE_INTERVAL",
            "1",
            "RELEASE_INTERVAL",
            "1",
            "SEND_SELF_METRICS",
            "true",
            "DOGSTATSD_PORT",
            String.valueOf(dogstatsdPort),
            "HEALTH_PORT",
            String.valueOf(healthPort),
            "DATADOG_URL",
            datadog.metricsUrl(),
            "DATADOG_LOGS_URL",
            datadog.logsUrl()));
    env.put("GLOBAL_TAGS", "[\"env:faults\"]");
    chouette = ChouetteProcess.jar(env);
    chouette.awaitLine(line -> line.contains("DogStatsD listening"), Duration.ofSeconds(30));
    chouette.awaitLine(line -> line.contains("health endpoint listening"), Duration.ofSeconds(10));
  }

  @AfterEach
  void tearDown() {
    if (chouette != null) {
      chouette.close();
    }
    if (datadog != null) {
      datadog.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void aRedisAtMaxmemoryDegradesHealthLosesNothingStoredAndRecoversWhenMemoryIsRaised()
      throws Exception {
    datadog.mode(FakeDatadog.Mode.FAIL_500);
    sendCounts("before.oom", 100);
    await("100 series stored in Redis", () -> wrappedInRedis() >= 100);

    try (Jedis jedis = redis.connect()) {
      jedis.configSet("maxmemory-policy", "noeviction");
      jedis.configSet("maxmemory", "1");
    }
    sendCounts("during.oom", 50);
    chouette.awaitLine(line -> line.contains("OOM command not allowed"), WAIT);
    await(
        "health degraded by a storage_fault",
        () -> {
          JsonNode ready = ready();
          return ready.path("status").asText().equals("degraded")
              && ready.path("reasons").toString().contains("storage_fault");
        });
    assertAlive();
    assertThat(wrappedInRedis()).as("what was stored before the fault").isGreaterThanOrEqualTo(100);

    try (Jedis jedis = redis.connect()) {
      jedis.configSet("maxmemory", "0");
    }
    datadog.mode(FakeDatadog.Mode.ACCEPT);

    awaitDistinct("before.oom", 100);
    awaitDistinct("during.oom", 50);
    await(
        "chouette.storage.errors delivered",
        () -> !datadog.points("chouette.storage.errors").isEmpty());
    await("health ok again", () -> ready().path("status").asText().equals("ok"));
    assertAlive();
  }

  @Test
  void aRedisRestartedEmptyIsUsedAgainWithoutRestartingTheAgent() throws Exception {
    sendCounts("before.restart", 100);
    awaitDistinct("before.restart", 100);

    redis.kill();
    await(
        "health reports the store unreachable",
        () -> ready().path("reasons").toString().contains("storage_"));
    redis.start(); // no persistence: it comes back empty

    sendCounts("after.restart", 100);
    awaitDistinct("after.restart", 100);
    await("health ok again", () -> ready().path("status").asText().equals("ok"));
    assertAlive();
  }

  /** {@code count} DogStatsD counters, one context each ({@code seq:<i>}). */
  private void sendCounts(String metric, int count) throws IOException {
    try (DatagramChannel channel = DatagramChannel.open()) {
      InetSocketAddress target =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), dogstatsdPort);
      for (int i = 0; i < count; i++) {
        String line = metric + ":1|c|#seq:" + i;
        channel.send(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), target);
      }
    }
  }

  private long wrappedInRedis() {
    try (Jedis jedis = redis.connect()) {
      return jedis.zcard("chouette:metrics:wrapped.keys");
    }
  }

  private void awaitDistinct(String metric, int count) throws InterruptedException {
    await(
        count + " distinct " + metric + " points delivered",
        () -> distinctSeq(metric).size() >= count);
  }

  private Set<String> distinctSeq(String metric) {
    return datadog.points(metric).stream()
        .flatMap(point -> point.tags().stream().filter(tag -> tag.startsWith("seq:")))
        .collect(Collectors.toSet());
  }

  private JsonNode ready() {
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/health/ready"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    } catch (IOException e) {
      return JSON.createObjectNode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return JSON.createObjectNode();
    }
  }

  private void assertAlive() {
    assertThat(chouette.isAlive())
        .as("Chouette %s; last lines of its output:%n%s", chouette.state(), chouette.tail(40))
        .isTrue();
  }

  private void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "not within "
                + WAIT
                + ": "
                + what
                + "\nhealth: "
                + ready()
                + "\nChouette "
                + chouette.state()
                + "; last lines of its output:\n"
                + chouette.tail(40));
      }
      Thread.sleep(100);
    }
  }
}
