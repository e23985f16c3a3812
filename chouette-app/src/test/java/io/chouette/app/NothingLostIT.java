package io.chouette.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.metric.WrappedMetricCodec;
import io.chouette.redis.testing.RedisServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The promise that matters most on a flaky link, end to end: the real agent (its jar, in a process
 * of its own) on a real redis-server, a fake Datadog intake on loopback, a known workload written
 * to Redis as chouette-iot-client writes it and sent over UDP; then something fails, and every
 * metric must still reach the intake — exactly once, or at most one bulk twice where at-least-once
 * delivery makes a duplicate unavoidable (a SIGKILL between Datadog's 2xx and the delete).
 */
class NothingLostIT {

  private static final String API_KEY = "e2e-api-key";
  private static final Duration DELIVERY = Duration.ofSeconds(40);
  private static final int BULK_SIZE = 500;

  private RedisServer redis;
  private FakeDatadog datadog;
  private ChouetteProcess chouette;
  private int dogstatsdPort;

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

  private void startAll(RedisServer.Persistence persistence) throws Exception {
    redis = RedisServer.start(persistence);
    datadog = new FakeDatadog(API_KEY);
    dogstatsdPort = Loopback.freeUdpPort();
    startChouette();
  }

  private void startChouette() throws Exception {
    Map<String, String> env = new HashMap<>(redis.env());
    env.putAll(
        Map.of(
            "API_KEY",
            API_KEY,
            "GLOBAL_TAGS",
            "[\"env:e2e\"]",
            "CHOUETTE_STORAGE_TYPE",
            "redis",
            "AGGREGATE_INTERVAL",
            "1",
            "RELEASE_INTERVAL",
            "1",
            "SEND_SELF_METRICS",
            "false",
            "DOGSTATSD_PORT",
            String.valueOf(dogstatsdPort),
            "DATADOG_URL",
            datadog.metricsUrl(),
            "DATADOG_LOGS_URL",
            datadog.logsUrl(),
            "METRICS_BULK_SIZE",
            String.valueOf(BULK_SIZE)));
    chouette = ChouetteProcess.jar(env);
    chouette.awaitLine(line -> line.contains("DogStatsD listening"), Duration.ofSeconds(30));
  }

  /** {@code count} raw counts written as chouette-iot-client does, one context each. */
  private void writeRawCounts(String metric, int count) {
    double now = System.currentTimeMillis() / 1000.0;
    try (Jedis jedis = redis.connect()) {
      for (int i = 0; i < count; i++) {
        String key = UUID.randomUUID().toString();
        double ts = now - 5 + i * 0.001;
        jedis.zadd("chouette:metrics:raw.keys", ts, key);
        jedis.hset(
            "chouette:metrics:raw.values",
            key,
            "{\"metric\": \""
                + metric
                + "\", \"type\": \"count\", \"value\": 1, \"timestamp\": "
                + ts
                + ", \"tags\": {\"seq\": \""
                + i
                + "\"}}");
      }
    }
  }

  /** {@code count} DogStatsD counters, one context each, packed in datagrams of 20 lines. */
  private void sendUdpCounts(String metric, int count) throws Exception {
    try (DatagramChannel channel = DatagramChannel.open()) {
      InetSocketAddress target =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), dogstatsdPort);
      StringBuilder datagram = new StringBuilder();
      for (int i = 0; i < count; i++) {
        datagram.append(metric).append(":1|c|#seq:").append(i).append('\n');
        if (i % 20 == 19 || i == count - 1) {
          channel.send(
              ByteBuffer.wrap(datagram.toString().getBytes(StandardCharsets.UTF_8)), target);
          datagram.setLength(0);
        }
      }
    }
  }

  /** How many points the intake received per {@code seq} tag of {@code metric}. */
  private Map<String, Long> receivedPerSeq(String metric) {
    Function<FakeDatadog.Point, String> seq =
        point -> point.tags().stream().filter(t -> t.startsWith("seq:")).findFirst().orElse("none");
    return datadog.points(metric).stream()
        .collect(Collectors.groupingBy(seq, Collectors.counting()));
  }

  private void awaitAllDelivered(String metric, int count) throws InterruptedException {
    long deadline = System.nanoTime() + DELIVERY.toNanos();
    while (System.nanoTime() < deadline && receivedPerSeq(metric).size() < count) {
      Thread.sleep(100);
    }
    assertThat(receivedPerSeq(metric))
        .as("distinct %s points received (output:\n%s)", metric, chouette.output())
        .hasSize(count);
  }

  private void assertExactlyOnce(String metric, int count) throws InterruptedException {
    awaitAllDelivered(metric, count);
    assertThat(receivedPerSeq(metric).values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
    FakeDatadog.Point any = datadog.points(metric).get(0);
    assertThat(any.tags()).contains("env:e2e");
    assertThat(any.type()).isEqualTo("count");
    assertThat(any.value()).isEqualTo(1.0);
  }

  /** One line per scenario for docs/RELIABILITY.md: sent, received distinct, duplicates. */
  private void report(String scenario, String metric, int sent) {
    Map<String, Long> received = receivedPerSeq(metric);
    long duplicates = received.values().stream().mapToLong(n -> n - 1).sum();
    System.out.printf(
        "RELIABILITY %s %s: sent %d, received %d distinct, %d duplicates, intake refused %d"
            + " requests%n",
        scenario, metric, sent, received.size(), duplicates, datadog.rejected());
  }

  /** The agent is still running: a crash, silent or not, fails here with the end of its output. */
  private void assertAlive() {
    assertThat(chouette.isAlive())
        .as("Chouette %s; last lines of its output:%n%s", chouette.state(), chouette.tail(40))
        .isTrue();
  }

  /** Polls {@code condition} every 50 ms; fails naming {@code what} if it stays false. */
  private void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "not within "
                + timeout
                + ": "
                + what
                + " (Chouette "
                + chouette.state()
                + "; last lines of its output:\n"
                + chouette.tail(40)
                + ")");
      }
      Thread.sleep(50);
    }
  }

  /** {@code count} wrapped counts in the queue the sender drains, as after a long outage. */
  private void writeWrappedBacklog(String metric, int count) {
    long now = System.currentTimeMillis() / 1000;
    try (Jedis jedis = redis.connect()) {
      Pipeline pipeline = jedis.pipelined();
      for (int i = 0; i < count; i++) {
        long ts = now - 3000 + i / 10;
        String key = UUID.randomUUID().toString();
        pipeline.zadd("chouette:metrics:wrapped.keys", ts, key);
        pipeline.hset(
            "chouette:metrics:wrapped.values",
            key,
            WrappedMetricCodec.toJson(
                new WrappedMetric(metric, "count", List.of("env:e2e", "seq:" + i), ts, 1, 10)));
      }
      pipeline.sync();
    }
  }

  /** The {@code seq} tags of the wrapped records still queued in Redis. */
  private Set<String> queuedSeqs() {
    try (Jedis jedis = redis.connect()) {
      Set<String> seqs = new HashSet<>();
      for (String json : jedis.hvals("chouette:metrics:wrapped.values")) {
        int at = json.indexOf("seq:");
        seqs.add(json.substring(at, json.indexOf('"', at)));
      }
      return seqs;
    }
  }

  @Test
  void sigtermMidDrainEndsAfterTheRequestInFlightAndLosesNothing() throws Exception {
    int backlog = 20_000;
    startAll(RedisServer.Persistence.NONE);
    datadog.answerDelay(200);
    writeWrappedBacklog("e2e.drain", backlog);
    await(
        "a part of the backlog drained",
        DELIVERY,
        () -> datadog.points("e2e.drain").size() >= 2000);

    chouette.terminate();
    assertThat(chouette.awaitExit(Duration.ofSeconds(20))).isZero();

    Map<String, Long> delivered = receivedPerSeq("e2e.drain");
    assertThat(delivered.values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
    assertThat(delivered).as("the drain was interrupted").hasSizeLessThan(backlog);
    Set<String> queued = queuedSeqs();
    assertThat(queued)
        .as("nothing delivered stays queued")
        .doesNotContainAnyElementsOf(delivered.keySet());
    assertThat(queued.size() + delivered.size()).as("nothing lost").isEqualTo(backlog);

    datadog.answerDelay(0);
    startChouette();
    assertExactlyOnce("e2e.drain", backlog);
    report("sigtermMidDrainEndsAfterTheRequestInFlightAndLosesNothing", "e2e.drain", backlog);
  }

  @Test
  void intakeFailingWith500ForSeveralTicksThenRecovering() throws Exception {
    startAll(RedisServer.Persistence.NONE);
    datadog.mode(FakeDatadog.Mode.FAIL_500);
    writeRawCounts("e2e.raw", 300);
    sendUdpCounts("e2e.udp", 100);
    await("the intake refused three requests", DELIVERY, () -> datadog.rejected() >= 3);

    datadog.mode(FakeDatadog.Mode.ACCEPT);

    assertExactlyOnce("e2e.raw", 300);
    assertExactlyOnce("e2e.udp", 100);
    assertAlive();
    report("intakeFailingWith500ForSeveralTicksThenRecovering", "e2e.raw", 300);
    report("intakeFailingWith500ForSeveralTicksThenRecovering", "e2e.udp", 100);
  }

  @Test
  void intakeHangingSoEverySendTimesOut() throws Exception {
    startAll(RedisServer.Persistence.NONE);
    datadog.mode(FakeDatadog.Mode.HANG);
    writeRawCounts("e2e.raw", 200);
    // A second request means the first one timed out and the next tick tried again.
    await("a second request reached the hanging intake", DELIVERY, () -> datadog.requests() >= 2);
    assertThat(datadog.points()).isEmpty();

    datadog.mode(FakeDatadog.Mode.ACCEPT);

    assertExactlyOnce("e2e.raw", 200);
    assertAlive();
    report("intakeHangingSoEverySendTimesOut", "e2e.raw", 200);
  }

  @Test
  void intakeRefusingTheKeyThenAccepting() throws Exception {
    startAll(RedisServer.Persistence.NONE);
    datadog.mode(FakeDatadog.Mode.FORBIDDEN_403);
    writeRawCounts("e2e.raw", 200);
    chouette.awaitLine(
        line -> line.contains("403") || line.contains("API_KEY"), Duration.ofSeconds(15));

    datadog.mode(FakeDatadog.Mode.ACCEPT);

    assertExactlyOnce("e2e.raw", 200);
    assertAlive();
    report("intakeRefusingTheKeyThenAccepting", "e2e.raw", 200);
  }

  @Test
  void redisKilledAndRestartedMidRun() throws Exception {
    startAll(RedisServer.Persistence.AOF_ALWAYS);
    writeRawCounts("e2e.before", 200);
    assertExactlyOnce("e2e.before", 200);

    redis.kill();
    sendUdpCounts("e2e.udp", 50); // aggregated in memory while the store is away
    chouette.awaitLine(line -> line.contains("is not reachable"), Duration.ofSeconds(10));
    redis.start();
    writeRawCounts("e2e.after", 200);

    assertExactlyOnce("e2e.after", 200);
    assertExactlyOnce("e2e.udp", 50);
    assertAlive();
    report("redisKilledAndRestartedMidRun", "e2e.before", 200);
    report("redisKilledAndRestartedMidRun", "e2e.after", 200);
    report("redisKilledAndRestartedMidRun", "e2e.udp", 50);
  }

  @Test
  void sigkillWhileSendingThenStartedAgain() throws Exception {
    startAll(RedisServer.Persistence.AOF_ALWAYS);
    writeRawCounts("e2e.raw", 3_000);
    long deadline = System.nanoTime() + DELIVERY.toNanos();
    while (datadog.points("e2e.raw").isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }

    chouette.kill(); // mid-delivery: some bulks accepted, maybe one not yet deleted
    chouette.awaitExit(Duration.ofSeconds(10));
    startChouette();

    awaitAllDelivered("e2e.raw", 3_000);
    long duplicates = receivedPerSeq("e2e.raw").values().stream().mapToLong(n -> n - 1).sum();
    assertThat(duplicates)
        .as("duplicates: at most the one bulk in flight")
        .isLessThanOrEqualTo(BULK_SIZE);
    assertAlive();
    report("sigkillWhileSendingThenStartedAgain", "e2e.raw", 3000);
  }

  @Test
  void sigtermWithOpenDogStatsdBucketsLosesNothing() throws Exception {
    startAll(RedisServer.Persistence.AOF_ALWAYS);
    datadog.mode(FakeDatadog.Mode.FAIL_500); // nothing leaves before the stop
    sendUdpCounts("e2e.udp", 100);
    // Read from the socket is enough: on SIGTERM every datagram read is aggregated and stored.
    await(
        "Chouette read every datagram from its socket",
        Duration.ofSeconds(10),
        () -> Loopback.udpReceiveQueue(dogstatsdPort) == 0);

    chouette.terminate();
    assertThat(chouette.awaitExit(Duration.ofSeconds(20))).isZero();
    datadog.mode(FakeDatadog.Mode.ACCEPT);
    startChouette();

    assertExactlyOnce("e2e.udp", 100);
    report("sigtermWithOpenDogStatsdBucketsLosesNothing", "e2e.udp", 100);
  }

  @Test
  void malformedInputAtEveryDoorIsDroppedAndTheRestFlows() throws Exception {
    startAll(RedisServer.Persistence.NONE);
    // Garbage and oversized datagrams.
    try (DatagramChannel channel = DatagramChannel.open()) {
      InetSocketAddress target =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), dogstatsdPort);
      channel.send(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xff, '|', ':', '\n'}), target);
      channel.send(
          ByteBuffer.wrap("no-pipe\n:1|c\nx:abc|c\ny:1|zz\n".getBytes(StandardCharsets.UTF_8)),
          target);
      byte[] oversized = new byte[60_000];
      java.util.Arrays.fill(oversized, (byte) 'a');
      channel.send(ByteBuffer.wrap(oversized), target);
    }
    // Invalid JSON and wrong types in the raw and logs queues, and a series Datadog refuses.
    double now = System.currentTimeMillis() / 1000.0 - 5;
    try (Jedis jedis = redis.connect()) {
      jedis.zadd("chouette:metrics:raw.keys", now, "bad-1");
      jedis.hset("chouette:metrics:raw.values", "bad-1", "{not json");
      jedis.zadd("chouette:metrics:raw.keys", now, "bad-2");
      jedis.hset(
          "chouette:metrics:raw.values",
          "bad-2",
          "{\"metric\": \"e2e.bad\", \"type\": \"count\", \"value\": \"lots\", \"timestamp\": "
              + now
              + "}");
      jedis.zadd("chouette:metrics:wrapped.keys", now, "poison-1");
      jedis.hset(
          "chouette:metrics:wrapped.values",
          "poison-1",
          "{\"metric\": \""
              + FakeDatadog.POISON
              + "\", \"tags\": [], \"points\": [["
              + now
              + ", 1]], \"type\": \"gauge\"}");
      jedis.zadd("chouette:logs:wrapped.keys", now, "bad-log");
      jedis.hset("chouette:logs:wrapped.values", "bad-log", "[[[ not a log");
    }
    writeRawCounts("e2e.raw", 100);
    sendUdpCounts("e2e.udp", 100);

    assertExactlyOnce("e2e.raw", 100);
    assertExactlyOnce("e2e.udp", 100);
    assertThat(datadog.points(FakeDatadog.POISON)).isEmpty();
    assertThat(datadog.points("e2e.bad")).isEmpty();
    try (Jedis jedis = redis.connect()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline
          && (jedis.zcard("chouette:metrics:raw.keys") > 0
              || jedis.zcard("chouette:metrics:wrapped.keys") > 0
              || jedis.zcard("chouette:logs:wrapped.keys") > 0)) {
        Thread.sleep(100);
      }
      assertThat(jedis.zcard("chouette:metrics:raw.keys")).as("raw queue drained").isZero();
      assertThat(jedis.zcard("chouette:metrics:wrapped.keys")).as("wrapped queue drained").isZero();
      assertThat(jedis.zcard("chouette:logs:wrapped.keys")).as("logs queue drained").isZero();
    }
    assertAlive();
    report("malformedInputAtEveryDoorIsDroppedAndTheRestFlows", "e2e.raw", 100);
    report("malformedInputAtEveryDoorIsDroppedAndTheRestFlows", "e2e.udp", 100);
  }
}
