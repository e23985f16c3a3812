package io.chouette.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.storage.sqlite.SqliteConfig;
import io.chouette.storage.sqlite.SqliteStorageEngine;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NothingLostIT}'s promise on the embedded {@code sqlite} engine: the real agent jar with
 * its database in a temporary directory, DogStatsD counters sent over UDP and a backlog of logs in
 * the database, the fake intake down while the agent is SIGKILLed (or stopped with SIGTERM) and
 * started again; once the intake is back every metric and log arrives, at most one bulk twice after
 * SIGKILL and exactly once after SIGTERM.
 */
class SqliteNothingLostIT {

  private static final String API_KEY = "e2e-api-key";
  private static final Duration DELIVERY = Duration.ofSeconds(60);
  private static final int BULK_SIZE = 500;
  private static final int LOGS = 1_000;

  @TempDir Path dataDir;
  private FakeDatadog datadog;
  private ChouetteProcess chouette;
  private int dogstatsdPort;
  private int sent;

  @AfterEach
  void tearDown() {
    if (chouette != null) {
      chouette.close();
    }
    if (datadog != null) {
      datadog.close();
    }
  }

  private void startChouette() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("API_KEY", API_KEY);
    env.put("GLOBAL_TAGS", "[\"env:e2e\"]");
    env.put("CHOUETTE_STORAGE_TYPE", "sqlite");
    env.put("CHOUETTE_DATA_DIR", dataDir.toString());
    env.put("AGGREGATE_INTERVAL", "1");
    env.put("RELEASE_INTERVAL", "1");
    env.put("SEND_SELF_METRICS", "false");
    env.put("DOGSTATSD_PORT", String.valueOf(dogstatsdPort));
    env.put("DATADOG_URL", datadog.metricsUrl());
    env.put("DATADOG_LOGS_URL", datadog.logsUrl());
    env.put("METRICS_BULK_SIZE", String.valueOf(BULK_SIZE));
    env.put("LOGS_BULK_SIZE", "100");
    chouette = ChouetteProcess.jar(env);
    chouette.awaitLine(line -> line.contains("DogStatsD listening"), Duration.ofSeconds(30));
  }

  /** A backlog of log records in the database, as an outage leaves it, before the first start. */
  private void seedLogs() {
    String date = Instant.now().minusSeconds(60).toString();
    List<NewRecord> records = new ArrayList<>();
    for (int i = 0; i < LOGS; i++) {
      records.add(
          new NewRecord(
              System.currentTimeMillis() / 1000.0 - 60,
              "{\"date\": \""
                  + date
                  + "\", \"ddsource\": \"e2e\", \"ddtags\": [\"seq:"
                  + i
                  + "\"], \"level\": \"INFO\", \"message\": {\"seq\": "
                  + i
                  + "}, \"service\": \"e2e\"}"));
    }
    try (SqliteStorageEngine engine =
        SqliteStorageEngine.open(new SqliteConfig(dataDir, 256L << 20), Clock.systemUTC())) {
      engine.storeRecords(Queue.WRAPPED_LOGS, records);
    }
  }

  /** The next {@code count} counters of the sequence, one context each, 20 lines a datagram. */
  private void sendUdpCounts(int count) throws Exception {
    try (DatagramChannel channel = DatagramChannel.open()) {
      InetSocketAddress target =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), dogstatsdPort);
      StringBuilder datagram = new StringBuilder();
      for (int i = 0; i < count; i++) {
        datagram.append("e2e.sqlite:1|c|#seq:").append(sent + i).append('\n');
        if (i % 20 == 19 || i == count - 1) {
          channel.send(
              ByteBuffer.wrap(datagram.toString().getBytes(StandardCharsets.UTF_8)), target);
          datagram.setLength(0);
          Thread.sleep(1);
        }
      }
    }
    sent += count;
  }

  /**
   * Waits until the agent read every datagram, then two aggregation ticks more (at 1 s): the
   * counters are then in the database, which is all a SIGKILL lets the agent keep.
   */
  private void awaitStored() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (Loopback.udpReceiveQueue(dogstatsdPort) != 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(Loopback.udpReceiveQueue(dogstatsdPort)).isZero();
    Thread.sleep(2_500);
  }

  private Map<String, Long> metricsPerSeq() {
    Function<FakeDatadog.Point, String> seq =
        point -> point.tags().stream().filter(t -> t.startsWith("seq:")).findFirst().orElse("none");
    return datadog.points("e2e.sqlite").stream()
        .collect(Collectors.groupingBy(seq, Collectors.counting()));
  }

  private Map<String, Long> logsPerSeq() {
    return datadog.logs().stream()
        .filter(log -> log.path("message").has("seq"))
        .collect(
            Collectors.groupingBy(
                log -> log.get("message").get("seq").asText(), Collectors.counting()));
  }

  private void awaitAllDelivered() throws InterruptedException {
    long deadline = System.nanoTime() + DELIVERY.toNanos();
    while (System.nanoTime() < deadline
        && (metricsPerSeq().size() < sent || logsPerSeq().size() < LOGS)) {
      Thread.sleep(100);
    }
    assertThat(metricsPerSeq())
        .as("distinct metrics received (output:\n%s)", chouette.tail(40))
        .hasSize(sent);
    assertThat(logsPerSeq()).as("distinct logs received").hasSize(LOGS);
  }

  private static long duplicates(Map<String, Long> received) {
    return received.values().stream().mapToLong(n -> n - 1).sum();
  }

  private void report(String scenario) {
    System.out.printf(
        "RELIABILITY %s: metrics sent %d, received %d distinct, %d duplicates; logs %d, received"
            + " %d distinct, %d duplicates%n",
        scenario,
        sent,
        metricsPerSeq().size(),
        duplicates(metricsPerSeq()),
        LOGS,
        logsPerSeq().size(),
        duplicates(logsPerSeq()));
  }

  @Test
  void sigkilledTwiceAtRandomMomentsWhileTheIntakeIsDownThenEverythingArrives() throws Exception {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    datadog = new FakeDatadog(API_KEY);
    datadog.mode(FakeDatadog.Mode.FAIL_500);
    dogstatsdPort = Loopback.freeUdpPort();
    seedLogs();
    startChouette();

    for (int kill = 0; kill < 2; kill++) {
      sendUdpCounts(300 + random.nextInt(300));
      awaitStored();
      sendUdpCounts(100);
      awaitStored();
      // anywhere in the aggregation and send cycle (1 s each)
      Thread.sleep(random.nextInt(1_000));
      chouette.kill();
      chouette.awaitExit(Duration.ofSeconds(10));
      startChouette();
    }
    sendUdpCounts(200);
    awaitStored();
    datadog.mode(FakeDatadog.Mode.ACCEPT);

    awaitAllDelivered();
    assertThat(duplicates(metricsPerSeq()))
        .as("at most one bulk twice")
        .isLessThanOrEqualTo(BULK_SIZE);
    assertThat(duplicates(logsPerSeq())).as("at most one bulk twice").isLessThanOrEqualTo(100);
    assertThat(datadog.rejected()).as("the intake was really down").isPositive();
    assertThat(chouette.isAlive()).isTrue();
    report("sqlite sigkill twice, intake down");
  }

  @Test
  void sigkilledWhileDrainingThenStartedAgainDuplicatesAtMostOneBulk() throws Exception {
    datadog = new FakeDatadog(API_KEY);
    datadog.mode(FakeDatadog.Mode.FAIL_500);
    dogstatsdPort = Loopback.freeUdpPort();
    seedLogs();
    startChouette();
    sendUdpCounts(3_000);
    awaitStored();
    datadog.answerDelay(50);
    datadog.mode(FakeDatadog.Mode.ACCEPT);
    long deadline = System.nanoTime() + DELIVERY.toNanos();
    while (datadog.points("e2e.sqlite").isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }

    chouette.kill(); // mid-delivery: some bulks accepted, maybe one not yet deleted
    chouette.awaitExit(Duration.ofSeconds(10));
    datadog.answerDelay(0);
    startChouette();

    awaitAllDelivered();
    assertThat(duplicates(metricsPerSeq())).isLessThanOrEqualTo(BULK_SIZE);
    assertThat(duplicates(logsPerSeq())).isLessThanOrEqualTo(100);
    report("sqlite sigkill mid-drain");
  }

  @Test
  void sigtermWhileTheIntakeIsDownThenEverythingArrivesExactlyOnce() throws Exception {
    datadog = new FakeDatadog(API_KEY);
    datadog.mode(FakeDatadog.Mode.FAIL_500);
    dogstatsdPort = Loopback.freeUdpPort();
    seedLogs();
    startChouette();
    sendUdpCounts(500);
    awaitStored();
    sendUdpCounts(300);
    // only read from the socket: on SIGTERM the open buckets are aggregated and stored
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (Loopback.udpReceiveQueue(dogstatsdPort) != 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }

    chouette.terminate();
    assertThat(chouette.awaitExit(Duration.ofSeconds(20))).isZero();
    datadog.mode(FakeDatadog.Mode.ACCEPT);
    startChouette();

    awaitAllDelivered();
    assertThat(metricsPerSeq().values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
    assertThat(logsPerSeq().values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
    report("sqlite sigterm, intake down");
  }

  @Test
  void anUnwritableDataDirectoryStopsStartupWithOneLineAndExit2() throws Exception {
    Path notADirectory = Files.writeString(dataDir.resolve("occupied"), "a file");
    Map<String, String> env =
        Map.of(
            "API_KEY", API_KEY,
            "GLOBAL_TAGS", "[]",
            "CHOUETTE_STORAGE_TYPE", "sqlite",
            "CHOUETTE_DATA_DIR", notADirectory.resolve("data").toString(),
            "DOGSTATSD_PORT", "0");
    try (ChouetteProcess process = ChouetteProcess.jar(env)) {
      assertThat(process.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(process.lines()).hasSize(1);
      assertThat(process.output())
          .contains("ERROR")
          .contains("CHOUETTE_DATA_DIR: cannot create or write the directory")
          .doesNotContain("\tat ");
    }
  }
}
