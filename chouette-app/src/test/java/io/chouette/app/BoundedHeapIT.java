package io.chouette.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A long outage on the image's heap: the real agent in a JVM with the image's flags ({@code
 * -Xmx64m}, {@code ExitOnOutOfMemoryError}), the {@code memory} store bounded by a small {@code
 * STORAGE_MAX_RECORDS}, 20,000 DogStatsD contexts every second and the intake down throughout. The
 * agent must stay alive, drop exactly what exceeds the bound, drop the oldest, and deliver the rest
 * once the intake is back.
 */
class BoundedHeapIT {

  private static final String API_KEY = "bounded-key";
  private static final String METRIC = "bounded.load";
  private static final int CONTEXTS = 20_000;
  private static final int BOUND = 50_000;
  private static final int ROUNDS = 40;
  private static final List<String> IMAGE_JVM_FLAGS =
      List.of(
          "-XX:+UseSerialGC", "-Xmx64m", "-XX:MaxMetaspaceSize=64m", "-XX:+ExitOnOutOfMemoryError");

  private static final Pattern SERIES =
      Pattern.compile("aggregated \\d+ raw records into (\\d+) series");
  private static final Pattern FULL =
      Pattern.compile("storage_full: .*dropped the oldest records: (.*)");
  private static final Pattern DROPPED_METRICS = Pattern.compile("(?:^|, )metrics=(\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aLongOutageUnderLoadKeepsTheAgentAliveAndDropsExactlyTheOldestBeyondTheBound()
      throws Exception {
    int healthPort = Loopback.freeTcpPort();
    int dogstatsdPort = Loopback.freeUdpPort();
    Path gcLog = Files.createTempFile("bounded-heap-gc", ".log");
    List<String> jvm = new ArrayList<>(IMAGE_JVM_FLAGS);
    jvm.add("-Xlog:gc:file=" + gcLog);
    try (FakeDatadog datadog = new FakeDatadog(API_KEY);
        ChouetteProcess chouette =
            ChouetteProcess.jar(jvm, env(datadog, dogstatsdPort, healthPort))) {
      datadog.mode(FakeDatadog.Mode.FAIL_500);
      chouette.awaitLine(line -> line.contains("DogStatsD listening"), Duration.ofSeconds(60));

      long mostQueued = 0;
      for (int round = 0; round < ROUNDS; round++) {
        long started = System.nanoTime();
        sendGauges(dogstatsdPort, round);
        assertAlive(chouette);
        if (round % 5 == 4) {
          JsonNode ready = health(healthPort);
          mostQueued = Math.max(mostQueued, wrappedMetricsIn(ready));
          if (round >= 9) {
            assertThat(ready.path("status").asText()).as(ready.toString()).isEqualTo("degraded");
            assertThat(ready.path("reasons").toString()).contains("storage_full");
          }
        }
        Thread.sleep(Math.max(0, 1000 - (System.nanoTime() - started) / 1_000_000));
      }
      awaitNoNewFullWarnings(chouette);
      assertAlive(chouette);

      // Per tick the store is brought back to the bound; between ticks one tick's series at most.
      assertThat(mostQueued).isLessThanOrEqualTo(BOUND + 2L * CONTEXTS);

      // Exact: at the last storage_full line, every series stored so far minus every record
      // dropped so far is the bound.
      List<String> lines = chouette.lines();
      int lastFull = lastIndexOf(lines, FULL);
      long stored = 0;
      long dropped = 0;
      for (int i = 0; i <= lastFull; i++) {
        Matcher series = SERIES.matcher(lines.get(i));
        if (series.find()) {
          stored += Long.parseLong(series.group(1));
        }
        Matcher full = FULL.matcher(lines.get(i));
        if (full.find()) {
          Matcher metrics = DROPPED_METRICS.matcher(full.group(1));
          assertThat(metrics.find()).as(lines.get(i)).isTrue();
          dropped += Long.parseLong(metrics.group(1));
        }
      }
      System.out.printf(
          "BOUNDED-HEAP stored %d series, dropped %d, bound %d, most queued %d, heap after a full"
              + " GC at most %d MiB%n",
          stored, dropped, BOUND, mostQueued, mostHeapAfterGcMiB(gcLog));
      assertThat(dropped).isPositive();
      assertThat(stored - dropped).as("records kept after the last drop").isEqualTo(BOUND);

      // The intake comes back: what is left is the newest; the oldest rounds were dropped.
      datadog.mode(FakeDatadog.Mode.ACCEPT);
      awaitEmptyMetricsQueue(chouette, healthPort);
      List<FakeDatadog.Point> delivered = datadog.points(METRIC);
      assertThat(delivered).isNotEmpty().hasSizeLessThanOrEqualTo(BOUND);
      double oldestRoundKept =
          delivered.stream().mapToDouble(FakeDatadog.Point::value).min().orElseThrow();
      assertThat(oldestRoundKept).isGreaterThanOrEqualTo(ROUNDS - 1 - BOUND / CONTEXTS - 2);
      assertAlive(chouette);
    } finally {
      Files.deleteIfExists(gcLog);
    }
  }

  /**
   * The largest heap left by a full collection (live data), from {@code -Xlog:gc} lines ("Pause
   * Full (Allocation Failure) 60M->21M(61M)"); 0 when no full collection ran.
   */
  private static long mostHeapAfterGcMiB(Path gcLog) throws IOException {
    Matcher after = Pattern.compile("Pause Full .*->(\\d+)M\\(").matcher(Files.readString(gcLog));
    long most = 0;
    while (after.find()) {
      most = Math.max(most, Long.parseLong(after.group(1)));
    }
    return most;
  }

  private static Map<String, String> env(FakeDatadog datadog, int dogstatsdPort, int healthPort) {
    return Map.ofEntries(
        Map.entry("API_KEY", API_KEY),
        Map.entry("GLOBAL_TAGS", "[\"env:bounded\"]"),
        Map.entry("CHOUETTE_STORAGE_TYPE", "memory"),
        Map.entry("STORAGE_MAX_RECORDS", String.valueOf(BOUND)),
        Map.entry("AGGREGATE_INTERVAL", "1"),
        Map.entry("RELEASE_INTERVAL", "1"),
        Map.entry("SEND_SELF_METRICS", "false"),
        Map.entry("LOG_LEVEL", "DEBUG"),
        Map.entry("DOGSTATSD_PORT", String.valueOf(dogstatsdPort)),
        Map.entry("HEALTH_PORT", String.valueOf(healthPort)),
        Map.entry("DATADOG_URL", datadog.metricsUrl()),
        Map.entry("DATADOG_LOGS_URL", datadog.logsUrl()));
  }

  /** One gauge per context, valued {@code round}, 40 lines a datagram. */
  private static void sendGauges(int port, int round) throws IOException {
    try (DatagramChannel channel = DatagramChannel.open()) {
      InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
      StringBuilder datagram = new StringBuilder();
      for (int i = 0; i < CONTEXTS; i++) {
        datagram.append(METRIC).append(':').append(round).append("|g|#ctx:").append(i).append('\n');
        if (i % 40 == 39 || i == CONTEXTS - 1) {
          channel.send(
              ByteBuffer.wrap(datagram.toString().getBytes(StandardCharsets.UTF_8)), target);
          datagram.setLength(0);
        }
      }
    }
  }

  private static void assertAlive(ChouetteProcess chouette) {
    assertThat(chouette.isAlive())
        .as("Chouette %s; last lines of its output:%n%s", chouette.state(), chouette.tail(40))
        .isTrue();
  }

  private static int countFullWarnings(ChouetteProcess chouette) {
    return (int) chouette.lines().stream().filter(line -> FULL.matcher(line).find()).count();
  }

  /** Waits until the drops stop: no new storage_full line for 3 ticks once the load is over. */
  private static void awaitNoNewFullWarnings(ChouetteProcess chouette) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    int seen = countFullWarnings(chouette);
    long quietSince = System.nanoTime();
    while (System.nanoTime() - quietSince < Duration.ofSeconds(3).toNanos()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the drops did not stop:\n" + chouette.tail(40));
      }
      Thread.sleep(100);
      int now = countFullWarnings(chouette);
      if (now != seen) {
        seen = now;
        quietSince = System.nanoTime();
      }
    }
  }

  private static void awaitEmptyMetricsQueue(ChouetteProcess chouette, int healthPort)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (wrappedMetrics(healthPort) > 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the backlog was not delivered:\n" + chouette.tail(40));
      }
      Thread.sleep(200);
    }
  }

  private static int lastIndexOf(List<String> lines, Pattern pattern) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (pattern.matcher(lines.get(i)).find()) {
        return i;
      }
    }
    throw new AssertionError("no line matches " + pattern);
  }

  private static long wrappedMetrics(int healthPort) throws Exception {
    return wrappedMetricsIn(health(healthPort));
  }

  private static long wrappedMetricsIn(JsonNode ready) {
    return ready.path("storage").path("queues").path("chouette:metrics:wrapped").asLong();
  }

  private static JsonNode health(int port) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
