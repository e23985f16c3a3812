package io.chouette.core.send;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chouette.core.config.SenderConfig;
import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StoredRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A backlog after an outage (DESIGN §5): it drains in one run, as fast as the intake takes it,
 * points younger than Datadog's one-hour window first, every point once; it stops on a failure and
 * the next tick resumes; {@code DATADOG_HISTORICAL_METRICS=false} drops exactly the older points.
 */
class DrainTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  /** Backlog records per second of outage, over {@link #CONTEXTS} series. */
  static final int PER_SECOND = 5;

  static final int CONTEXTS = 200;

  SenderHarness harness;
  RecordingIntake intake;

  @BeforeEach
  void setUp() {
    harness = new SenderHarness(testKit);
    intake = new RecordingIntake();
    harness.datadog.setDispatcher(intake);
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /**
   * Stores {@code seconds} of backlog ending now, {@link #PER_SECOND} records a second, each
   * context once a second at most, in shuffled order; returns the points as the intake sees them.
   */
  Set<RecordingIntake.Point> storeBacklog(int seconds) {
    return storeBacklog(harness, seconds);
  }

  static Set<RecordingIntake.Point> storeBacklog(SenderHarness harness, int seconds) {
    long now = (long) harness.clock.seconds();
    List<NewRecord> records = new ArrayList<>();
    Set<RecordingIntake.Point> points = new HashSet<>();
    for (int i = 0; i < seconds * PER_SECOND; i++) {
      String metric = "app.m" + (i % CONTEXTS);
      long ts = now - seconds + 1 + i / PER_SECOND;
      WrappedMetric metricRecord =
          WrappedMetric.gauge(metric, List.of("ctx:" + i % CONTEXTS), ts, i);
      records.add(
          new NewRecord(ts, io.chouette.core.metric.WrappedMetricCodec.toJson(metricRecord)));
      points.add(new RecordingIntake.Point(metric, ts));
    }
    Collections.shuffle(records, new Random(17));
    harness.engine.storeRecords(Queue.WRAPPED_METRICS, records);
    return points;
  }

  double windowStart() {
    return harness.clock.seconds() - 3600;
  }

  @Test
  void aBacklogDrainsInOneRunYoungestHourFirstOldestFirstEveryPointOnce() {
    Set<RecordingIntake.Point> stored = storeBacklog(7200);
    ActorRef<QueueSender.Command> sender =
        harness.metricsSender(harness.config("METRICS_BULK_SIZE", "1000"));

    SendReport report = harness.release(sender);

    assertThat(report.outcome()).isEqualTo(SendOutcome.DELIVERED);
    assertThat(report.delivered()).isEqualTo(36_000);
    long historical = stored.stream().filter(p -> p.timestamp() < windowStart()).count();
    long young = stored.size() - historical;
    assertThat(historical).as("the seconds before the window").isEqualTo(3599 * PER_SECOND);
    // Each side of the window ends with a partial bulk.
    assertThat(report.bulks()).isEqualTo((young + 999) / 1000 + (historical + 999) / 1000);
    assertEveryPointOnce(stored);
    assertDrainOrder(intake.arrivals);
    assertThat(harness.queueSize(Queue.WRAPPED_METRICS)).isZero();

    Map<String, Double> self = harness.selfMetrics();
    assertThat(self)
        .containsEntry("chouette.dispatched.metrics.historical", (double) historical)
        .containsEntry("chouette.backlog.seconds{\"type\":\"metrics\"}", 7199.0)
        .containsEntry("chouette.dispatched.metrics.number", 36_000.0);
    assertThat(harness.status.snapshot().delivered()).isEqualTo(36_000);
  }

  /** The intake received every stored point, each once. */
  void assertEveryPointOnce(Set<RecordingIntake.Point> stored) {
    List<RecordingIntake.Point> delivered = intake.points();
    assertThat(delivered).hasSize(stored.size());
    assertThat(new HashSet<>(delivered)).isEqualTo(stored);
  }

  /**
   * Payloads of points younger than the window come first, then the older ones; within each part
   * every payload's points are no older than the previous payload's.
   */
  void assertDrainOrder(List<RecordingIntake.Arrival> arrivals) {
    double windowStart = windowStart();
    boolean inHistory = false;
    double previousNewest = Double.NEGATIVE_INFINITY;
    for (RecordingIntake.Arrival arrival : arrivals) {
      double oldest =
          arrival.points().stream()
              .mapToDouble(RecordingIntake.Point::timestamp)
              .min()
              .orElseThrow();
      double newest =
          arrival.points().stream()
              .mapToDouble(RecordingIntake.Point::timestamp)
              .max()
              .orElseThrow();
      boolean historical = newest < windowStart;
      assertThat(historical || oldest >= windowStart)
          .as("a payload holds points from one side of the window only")
          .isTrue();
      if (historical && !inHistory) {
        inHistory = true;
        previousNewest = Double.NEGATIVE_INFINITY;
      }
      assertThat(historical)
          .as("no young point after the first historical one")
          .isEqualTo(inHistory);
      assertThat(oldest).as("oldest first within each part").isGreaterThanOrEqualTo(previousNewest);
      previousNewest = newest;
    }
    assertThat(inHistory).as("the historical points were sent too").isTrue();
  }

  @Test
  void theNextBulkIsReadBeforeTheSentOneIsDeletedAndPostedOnlyAfterTheDeletion() {
    Set<RecordingIntake.Point> stored = storeBacklog(400);
    ActorRef<QueueSender.Command> sender =
        harness.metricsSender(harness.config("METRICS_BULK_SIZE", "500"));

    SendReport report = harness.release(sender);

    assertThat(report.outcome()).isEqualTo(SendOutcome.DELIVERED);
    assertThat(report.bulks()).isEqualTo(4);
    assertEveryPointOnce(stored);
    List<LoggedEngine.Operation> operations = harness.loggedEngine.operations;
    List<String> names = operations.stream().map(LoggedEngine.Operation::name).toList();
    // bulk n+1 is read before bulk n is deleted: the store deletes while the sender parses
    assertThat(names)
        .containsSubsequence(
            "values", "values", "delete", "values", "delete", "values", "delete", "delete");
    assertThat(names.subList(0, names.indexOf("delete"))).filteredOn("values"::equals).hasSize(2);
    List<String> valuesRead =
        operations.stream()
            .filter(o -> o.name().equals("values"))
            .flatMap(o -> o.keys().stream())
            .toList();
    assertThat(valuesRead).hasSize(2000).doesNotHaveDuplicates();
    // each payload went out after the deletion of the bulk before it
    assertThat(intake.arrivals).hasSize(4);
    for (int bulk = 1; bulk < 4; bulk++) {
      long posted = intake.arrivals.get(bulk).nanos();
      assertThat(harness.loggedEngine.deletedAt(bulk - 1)).isLessThan(posted);
    }
    assertThat(harness.queueSize(Queue.WRAPPED_METRICS)).isZero();
  }

  @Test
  void aDeletionFailingWhileTheNextBulkIsParsedStopsTheRunBeforeThatBulkIsPosted() {
    storeBacklog(400);
    harness.loggedEngine.failDeletionsAfter(1);
    ActorRef<QueueSender.Command> sender =
        harness.metricsSender(harness.config("METRICS_BULK_SIZE", "500"));

    SendReport report = harness.release(sender);

    assertThat(report.outcome()).isEqualTo(SendOutcome.STORAGE_FAILED);
    // bulk 1 deleted, bulk 2 delivered but not deleted, bulk 3 read and parsed but never posted
    assertThat(intake.arrivals).hasSize(2);
    assertThat(report.delivered()).isEqualTo(1000);
    assertThat(harness.queueSize(Queue.WRAPPED_METRICS)).isEqualTo(1500);
  }

  @Test
  void maxBulksPerTickStillCapsTheDrainWhenSet() {
    storeBacklog(1000);
    ActorRef<QueueSender.Command> sender =
        harness.metricsSender(
            harness.config("METRICS_BULK_SIZE", "1000", "MAX_BULKS_PER_TICK", "2"));

    assertThat(harness.release(sender).bulks()).isEqualTo(2);
    assertThat(harness.queueSize(Queue.WRAPPED_METRICS)).isEqualTo(3000);
  }

  @Test
  void anIntakeFailingMidDrainStopsItAndTheNextTickResumesIt() {
    Set<RecordingIntake.Point> stored = storeBacklog(1000);
    intake.failFrom(3);
    ActorRef<QueueSender.Command> sender =
        harness.metricsSender(harness.config("METRICS_BULK_SIZE", "500"));

    SendReport failed = harness.release(sender);
    assertThat(failed.outcome()).isEqualTo(SendOutcome.RETRYING);
    assertThat(failed.delivered()).isEqualTo(1500);
    assertThat(harness.queueSize(Queue.WRAPPED_METRICS)).isEqualTo(3500);
    assertThat(harness.status.snapshot().lastOutcome()).isEqualTo(SendOutcome.RETRYING);
    assertThat(harness.status.snapshot().delivered()).isEqualTo(1500);

    intake.acceptAll();
    harness.clock.advance(Duration.ofSeconds(10));
    SendReport resumed = harness.release(sender);

    assertThat(resumed.outcome()).isEqualTo(SendOutcome.DELIVERED);
    assertThat(resumed.delivered()).isEqualTo(3500);
    assertEveryPointOnce(stored);
    assertThat(harness.queueSize(Queue.WRAPPED_METRICS)).isZero();
  }

  @Test
  void withoutHistoricalMetricsExactlyThePointsOlderThanAnHourAreDroppedAndCounted() {
    Set<RecordingIntake.Point> stored = storeBacklog(4000);
    ActorRef<QueueSender.Command> sender =
        harness.metricsSender(
            harness.config("METRICS_BULK_SIZE", "1000", "DATADOG_HISTORICAL_METRICS", "false"));

    SendReport report = harness.release(sender);

    Set<RecordingIntake.Point> young = new HashSet<>();
    stored.stream().filter(p -> p.timestamp() >= windowStart()).forEach(young::add);
    assertThat(young).as("the window's seconds, both ends included").hasSize(3601 * PER_SECOND);
    List<RecordingIntake.Point> delivered = intake.points();
    assertThat(delivered).hasSize(young.size());
    assertThat(new HashSet<>(delivered)).isEqualTo(young);
    assertThat(report.outcome()).isEqualTo(SendOutcome.DELIVERED);
    assertThat(harness.queueSize(Queue.WRAPPED_METRICS)).isZero();
    assertThat(harness.selfMetrics())
        .containsEntry(
            "chouette.dropped.metrics{\"reason\":\"outside_ingestion_window\"}", 399.0 * PER_SECOND)
        .doesNotContainKey("chouette.dispatched.metrics.historical");
  }

  @Test
  void sendMaxKbpsKeepsAllQueuesTogetherUnderTheCapWhileTheyDrainSideBySide() {
    storeBacklog(1200);
    List<NewRecord> logs = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      logs.add(
          new NewRecord(
              harness.clock.seconds() - 100 + i / 100.0,
              "{\"date\": \"2024-05-01T11:58:20.000000+00:00\", \"ddsource\": \"app\", \"level\":"
                  + " \"INFO\", \"message\": {\"msg\": \"line "
                  + i
                  + " of the backlog\"}, \"service\": \"app\"}"));
    }
    harness.engine.storeRecords(Queue.WRAPPED_LOGS, logs);
    SenderConfig config =
        harness.config("METRICS_BULK_SIZE", "500", "LOGS_BULK_SIZE", "200", "SEND_MAX_KBPS", "10");
    LinkBudget link = LinkBudget.of(config.sendMaxKbps());
    ActorRef<QueueSender.Command> metrics =
        testKit.spawn(
            MetricsSender.create(config, harness.storage, harness.clock, harness.status, link));
    ActorRef<QueueSender.Command> logsSender =
        testKit.spawn(
            LogsSender.create(config, harness.storage, harness.clock, new SenderStatus(), link));

    var metricsProbe = testKit.<SendReport>createTestProbe();
    var logsProbe = testKit.<SendReport>createTestProbe();
    metrics.tell(new QueueSender.ReleaseNow(metricsProbe.getRef()));
    logsSender.tell(new QueueSender.ReleaseNow(logsProbe.getRef()));
    assertThat(metricsProbe.receiveMessage(Duration.ofSeconds(30)).delivered()).isEqualTo(6000);
    assertThat(logsProbe.receiveMessage(Duration.ofSeconds(30)).delivered()).isEqualTo(2000);

    List<RecordingIntake.Arrival> arrivals = new ArrayList<>(intake.arrivals);
    arrivals.sort(java.util.Comparator.comparingLong(RecordingIntake.Arrival::nanos));
    long total = arrivals.stream().mapToLong(RecordingIntake.Arrival::bytes).sum();
    long capBytesPerSecond = 10_000;
    long start = arrivals.get(0).nanos();
    long sentBefore = 0;
    for (RecordingIntake.Arrival arrival : arrivals) {
      double elapsed = (arrival.nanos() - start) / 1e9;
      // What went before each request fits in the cap over the time since the first one, plus
      // the first payload of each queue, which go at once.
      assertThat(sentBefore)
          .as("bytes before the request at %.2f s", elapsed)
          .isLessThanOrEqualTo((long) (capBytesPerSecond * elapsed) + 2 * maxBytes(arrivals));
      sentBefore += arrival.bytes();
    }
    double seconds = (arrivals.get(arrivals.size() - 1).nanos() - start) / 1e9;
    assertThat(total / seconds)
        .as("the drain uses the link (%d bytes in %.2f s)", total, seconds)
        .isGreaterThan(capBytesPerSecond * 0.5)
        .isLessThanOrEqualTo(capBytesPerSecond * 1.1);
    assertThat(seconds).as("a drain long enough to measure").isGreaterThan(1.0);
    // Side by side: logs payloads arrive while the metrics drain is still going.
    int firstLogs = indexOf(arrivals, "/v1/input", true);
    int lastMetrics = indexOf(arrivals, "/api/v1/series", false);
    assertThat(firstLogs).isLessThan(lastMetrics);
  }

  @Test
  void shutdownMidDrainEndsAfterTheRequestInFlightAndLosesNothing() throws Exception {
    ActorTestKit ownSystem = ActorTestKit.create();
    try (SenderHarness local = new SenderHarness(ownSystem)) {
      RecordingIntake slow = new RecordingIntake();
      slow.delayEachRequest(300);
      local.datadog.setDispatcher(slow);
      Set<RecordingIntake.Point> stored = storeBacklog(local, 1000);
      ActorRef<QueueSender.Command> sender =
          local.metricsSender(local.config("METRICS_BULK_SIZE", "250"));
      sender.tell(new QueueSender.ReleaseNow(ownSystem.<SendReport>createTestProbe().getRef()));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while ((slow.arrivals.size() < 2 || local.status.snapshot().delivered() == 0)
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      SenderStatus.Snapshot draining = local.status.snapshot();
      assertThat(draining.lastOutcome())
          .as("the health endpoint sees the drain going on")
          .isEqualTo(SendOutcome.DRAINING);
      assertThat(draining.lastSuccessAt()).isPresent();
      assertThat(draining.delivered()).isPositive().isLessThan(stored.size());

      CoordinatedShutdown.get(ownSystem.system())
          .runAll(CoordinatedShutdown.unknownReason())
          .toCompletableFuture()
          .get(20, TimeUnit.SECONDS);
      Thread.sleep(1000); // a request still in flight would reach the intake by now

      List<RecordingIntake.Point> delivered = slow.points();
      assertThat(delivered).as("the drain was interrupted").hasSizeLessThan(stored.size());
      assertThat(delivered).doesNotHaveDuplicates();
      Set<RecordingIntake.Point> left = new HashSet<>();
      for (StoredRecord record : local.queue(Queue.WRAPPED_METRICS)) {
        JsonNode json = SenderHarness.parse(record.json());
        left.add(
            new RecordingIntake.Point(
                json.get("metric").asText(), json.get("points").get(0).get(0).asDouble()));
      }
      assertThat(left)
          .as("what Datadog accepted is not queued any more")
          .doesNotContainAnyElementsOf(delivered);
      Set<RecordingIntake.Point> all = new HashSet<>(left);
      all.addAll(delivered);
      assertThat(all).as("nothing lost").isEqualTo(stored);
      assertThat(left).hasSize(stored.size() - delivered.size());
    } finally {
      ownSystem.shutdownTestKit();
    }
  }

  static long maxBytes(List<RecordingIntake.Arrival> arrivals) {
    return arrivals.stream().mapToLong(RecordingIntake.Arrival::bytes).max().orElse(0);
  }

  static int indexOf(List<RecordingIntake.Arrival> arrivals, String path, boolean first) {
    int found = -1;
    for (int i = 0; i < arrivals.size(); i++) {
      if (arrivals.get(i).path().equals(path)) {
        found = i;
        if (first) {
          return i;
        }
      }
    }
    return found;
  }
}
