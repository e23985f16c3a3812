package io.chouette.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.config.AggregatorConfig;
import io.chouette.core.config.DogStatsdConfig;
import io.chouette.core.metric.MergedMetric;
import io.chouette.core.metric.MetricType;
import io.chouette.core.metric.RawMetric;
import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.metric.WrappedMetricCodec;
import io.chouette.core.sketch.SketchBuilder;
import io.chouette.core.sketch.SketchRecord;
import io.chouette.core.sketch.WrappedSketch;
import io.chouette.core.sketch.WrappedSketchCodec;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import io.chouette.core.storage.StorageEngine;
import io.chouette.core.storage.StorageException;
import io.chouette.core.storage.StoredKey;
import io.chouette.core.storage.StoredRecord;
import io.chouette.core.storage.memory.MemoryStorageEngine;
import io.chouette.core.testing.ForwardingEngine;
import io.chouette.core.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class MetricsAggregatorTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final AggregatorConfig CONFIG = Merged.defaults();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private final MutableClock clock = MutableClock.atSeconds(1000.5);

  private ActorRef<MetricsAggregator.Command> aggregator(
      StorageEngine engine, ClosedBucketSource buckets, boolean selfMetrics) {
    ActorRef<StorageActor.Command> storage = testKit.spawn(StorageActor.create(engine));
    return testKit.spawn(
        MetricsAggregator.create(
            CONFIG, new DatadogWrapper(CONFIG), storage, buckets, clock, selfMetrics));
  }

  private ActorRef<MetricsAggregator.Command> aggregator(
      StorageEngine engine, DogStatsdConfig.Distributions distributions) {
    ActorRef<StorageActor.Command> storage = testKit.spawn(StorageActor.create(engine));
    return testKit.spawn(
        MetricsAggregator.create(
            CONFIG,
            new DatadogWrapper(CONFIG),
            storage,
            ClosedBucketSource.NONE,
            clock,
            false,
            distributions));
  }

  private static List<WrappedSketch> sketches(StorageEngine engine) {
    List<String> keys =
        engine.collectKeys(Queue.WRAPPED_SKETCHES, 0).stream().map(StoredKey::key).toList();
    return engine.collectValues(Queue.WRAPPED_SKETCHES, keys).stream()
        .map(record -> ((SketchRecord.Valid) WrappedSketchCodec.parse(record.json())).sketch())
        .toList();
  }

  private static WrappedSketch sketch(String metric, List<String> tags, long ts, double... values) {
    SketchBuilder builder = new SketchBuilder();
    for (double value : values) {
      builder.insert(value);
    }
    return new WrappedSketch(metric, "", tags, ts, builder.close());
  }

  /** Raw distribution samples of two buckets and contexts, a count, and an open bucket. */
  private static void rawDistributions(StorageEngine engine) {
    raw(engine, "latency", MetricType.DISTRIBUTION, 0.5, 971, Map.of("route", "/"));
    raw(engine, "latency", MetricType.DISTRIBUTION, 2, 975, Map.of("route", "/"));
    raw(engine, "latency", MetricType.DISTRIBUTION, 7, 976, Map.of());
    raw(engine, "jobs", MetricType.COUNT, 1, 977, Map.of());
    raw(engine, "latency", MetricType.DISTRIBUTION, -3, 985, Map.of("route", "/"));
    raw(engine, "latency", MetricType.DISTRIBUTION, 9, 1000.2, Map.of()); // bucket still open
  }

  /** Ticks, then waits for the end of the run. */
  private static MetricsAggregator.Aggregated tick(ActorRef<MetricsAggregator.Command> aggregator) {
    TestProbe<MetricsAggregator.Aggregated> probe = testKit.createTestProbe();
    aggregator.tell(new MetricsAggregator.AggregateNow(probe.ref()));
    return probe.receiveMessage(Duration.ofSeconds(10));
  }

  private static void raw(
      StorageEngine engine,
      String metric,
      MetricType type,
      double value,
      double ts,
      Map<String, String> tags) {
    engine.storeRecords(
        Queue.RAW_METRICS,
        List.of(new NewRecord(ts, new RawMetric(metric, type, value, ts, tags).toJson())));
  }

  private static List<WrappedMetric> wrapped(StorageEngine engine) {
    List<String> keys =
        engine.collectKeys(Queue.WRAPPED_METRICS, 0).stream().map(StoredKey::key).toList();
    return engine.collectValues(Queue.WRAPPED_METRICS, keys).stream()
        .map(record -> WrappedMetricCodec.parse(record.json()).orElseThrow())
        .toList();
  }

  @Test
  void rawRecordsOfClosedBucketsBecomeWrappedAndAreDeleted() {
    MemoryStorageEngine engine = new MemoryStorageEngine(clock);
    raw(engine, "jobs", MetricType.COUNT, 1, 971, Map.of("q", "a"));
    raw(engine, "temp", MetricType.GAUGE, 20, 972, Map.of());
    raw(engine, "jobs", MetricType.COUNT, 2, 975, Map.of("q", "a"));
    raw(engine, "temp", MetricType.GAUGE, 21, 979.9, Map.of());
    raw(engine, "jobs", MetricType.COUNT, 4, 985, Map.of("q", "a"));
    raw(engine, "jobs", MetricType.COUNT, 8, 1000.1, Map.of("q", "a")); // bucket still open

    ActorRef<MetricsAggregator.Command> aggregator =
        aggregator(engine, ClosedBucketSource.NONE, false);
    tick(aggregator);

    assertThat(wrapped(engine))
        .containsExactlyInAnyOrder(
            new WrappedMetric("jobs", "count", List.of("q:a"), 971, 3, 10),
            WrappedMetric.gauge("temp", List.of(), 972, 21),
            new WrappedMetric("jobs", "count", List.of("q:a"), 985, 4, 10));
    assertThat(engine.queueSize(Queue.RAW_METRICS)).isEqualTo(1);

    // Its bucket closes: the next tick wraps the last record.
    clock.setSeconds(1010.5);
    tick(aggregator);

    assertThat(engine.queueSize(Queue.RAW_METRICS)).isZero();
    assertThat(wrapped(engine))
        .hasSize(4)
        .contains(new WrappedMetric("jobs", "count", List.of("q:a"), 1000.1, 8, 10));
  }

  @Test
  void nothingIsDeletedWhenStoringFailsAndTheNextTickRetries() {
    AtomicBoolean failing = new AtomicBoolean(true);
    MemoryStorageEngine memory = new MemoryStorageEngine(clock);
    StorageEngine engine =
        new ForwardingEngine(memory) {
          @Override
          public void storeAndDelete(
              Queue target, List<NewRecord> records, Queue source, Collection<String> keys) {
            if (failing.get()) {
              throw new StorageException("connection refused");
            }
            super.storeAndDelete(target, records, source, keys);
          }
        };
    raw(memory, "jobs", MetricType.COUNT, 1, 971, Map.of());
    raw(memory, "jobs", MetricType.COUNT, 1, 972, Map.of());
    ActorRef<MetricsAggregator.Command> aggregator =
        aggregator(engine, ClosedBucketSource.NONE, false);

    assertThat(tick(aggregator).failure()).contains("connection refused");
    assertThat(memory.queueSize(Queue.RAW_METRICS)).isEqualTo(2);
    assertThat(memory.queueSize(Queue.WRAPPED_METRICS)).isZero();

    failing.set(false);
    tick(aggregator);
    assertThat(memory.queueSize(Queue.RAW_METRICS)).isZero();
    assertThat(wrapped(memory))
        .containsExactly(new WrappedMetric("jobs", "count", List.of(), 971, 2, 10));
  }

  @Test
  void malformedRecordsAreRemovedAndCountedNotRetried() {
    MemoryStorageEngine engine = new MemoryStorageEngine(clock);
    engine.storeRecords(
        Queue.RAW_METRICS,
        List.of(
            new NewRecord(971, "{broken json"),
            new NewRecord(
                972,
                "{\"metric\": \"jobs\", \"type\": \"count\", \"value\": \"many\", \"timestamp\":"
                    + " 972}"),
            new NewRecord(
                973,
                "{\"metric\": \"jobs\", \"type\": \"count\", \"value\": 5, \"timestamp\": 973}")));

    tick(aggregator(engine, ClosedBucketSource.NONE, true));

    assertThat(wrapped(engine))
        .containsExactly(new WrappedMetric("jobs", "count", List.of(), 973, 5, 10));
    List<String> rawLeft =
        engine
            .collectValues(
                Queue.RAW_METRICS,
                engine.collectKeys(Queue.RAW_METRICS, 0).stream().map(StoredKey::key).toList())
            .stream()
            .map(StoredRecord::json)
            .toList();
    // Only Chouette's own counts are left: the bad records are gone, counted once.
    assertThat(rawLeft)
        .anySatisfy(
            json ->
                assertThat(json)
                    .contains("\"chouette.dropped.metrics.malformed\"")
                    .contains("\"value\":2"))
        .allSatisfy(json -> assertThat(json).contains("chouette."));
  }

  @Test
  void aTickDuringARunDoesNotStartASecondRun() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger cleanups = new AtomicInteger();
    MemoryStorageEngine memory = new MemoryStorageEngine(clock);
    StorageEngine slow =
        new ForwardingEngine(memory) {
          @Override
          public long cleanupOutdated(Queue queue, Duration ttl) {
            cleanups.incrementAndGet();
            try {
              release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return super.cleanupOutdated(queue, ttl);
          }
        };
    ActorRef<MetricsAggregator.Command> aggregator =
        aggregator(slow, ClosedBucketSource.NONE, false);
    TestProbe<MetricsAggregator.Aggregated> probe = testKit.createTestProbe();

    aggregator.tell(MetricsAggregator.Aggregate.INSTANCE);
    aggregator.tell(MetricsAggregator.Aggregate.INSTANCE);
    aggregator.tell(MetricsAggregator.Aggregate.INSTANCE);
    aggregator.tell(new MetricsAggregator.AggregateNow(probe.ref())); // answered when it ends
    release.countDown();
    probe.receiveMessage(Duration.ofSeconds(10));

    assertThat(cleanups.get()).isEqualTo(1);
  }

  @Test
  void closedDogStatsdBucketsAreWrappedAndStored() {
    MemoryStorageEngine engine = new MemoryStorageEngine(clock);
    List<Boolean> includeOpenAsked = new CopyOnWriteArrayList<>();
    ClosedBucketSource buckets =
        (now, includeOpen) -> {
          includeOpenAsked.add(includeOpen);
          return List.of(
              new MergedMetric(
                  "udp.hits",
                  MetricType.COUNT,
                  List.of("a:b"),
                  List.of(1.0, 1.0),
                  List.of(),
                  List.of(990.0, 991.0)));
        };
    ActorRef<MetricsAggregator.Command> aggregator = aggregator(engine, buckets, false);

    // The guardian's tick, as in production: nothing else drains the buckets.
    aggregator.tell(MetricsAggregator.Aggregate.INSTANCE);

    testKit
        .createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(10),
            () -> {
              assertThat(wrapped(engine))
                  .containsExactly(
                      new WrappedMetric("udp.hits", "count", List.of("a:b"), 990, 2, 10));
              return null;
            });
    assertThat(includeOpenAsked).containsExactly(false);
  }

  @Test
  void aBacklogLargerThanABatchGivesOnePointPerContextAndBucket() {
    MemoryStorageEngine engine = new MemoryStorageEngine(clock);
    List<NewRecord> records = new ArrayList<>();
    int perBucket = 8_000; // three buckets: 24,000 records, more than two batches
    for (int bucket = 0; bucket < 3; bucket++) {
      for (int i = 0; i < perBucket; i++) {
        double ts = 900 + bucket * 10 + i / (double) perBucket;
        records.add(
            new NewRecord(
                ts,
                RawMetric.count("backlog", 1, ts, Map.of("ctx", String.valueOf(i % 4))).toJson()));
      }
    }
    engine.storeRecords(Queue.RAW_METRICS, records);

    tick(aggregator(engine, ClosedBucketSource.NONE, false));

    assertThat(engine.queueSize(Queue.RAW_METRICS)).isZero();
    List<WrappedMetric> series = wrapped(engine);
    assertThat(series).hasSize(12);
    assertThat(series).allSatisfy(s -> assertThat(s.value()).isEqualTo(perBucket / 4.0));
  }

  @Test
  void rawDistributionRecordsBecomeOneSketchPerContextAndBucket() {
    MemoryStorageEngine engine = new MemoryStorageEngine(clock);
    rawDistributions(engine);

    tick(aggregator(engine, DogStatsdConfig.Distributions.SKETCH));

    assertThat(sketches(engine))
        .containsExactlyInAnyOrder(
            sketch("latency", List.of("route:/"), 970, 0.5, 2),
            sketch("latency", List.of(), 970, 7),
            sketch("latency", List.of("route:/"), 980, -3));
    assertThat(wrapped(engine))
        .containsExactly(new WrappedMetric("jobs", "count", List.of(), 977, 1, 10));
    assertThat(engine.queueSize(Queue.RAW_METRICS)).isEqualTo(1); // the open bucket's sample
  }

  @Test
  void rawDistributionRecordsAreHistogramsInHistogramMode() {
    MemoryStorageEngine engine = new MemoryStorageEngine(clock);
    rawDistributions(engine);
    raw(engine, "latency", MetricType.HISTOGRAM, 3.5, 972, Map.of("route", "/"));

    tick(aggregator(engine, DogStatsdConfig.Distributions.HISTOGRAM));

    assertThat(engine.queueSize(Queue.WRAPPED_SKETCHES)).isZero();
    // the distribution samples share the histogram context of their name: 0.5, 3.5, 2
    assertThat(wrapped(engine))
        .filteredOn(m -> m.metric().equals("latency.max") && m.tags().equals(List.of("route:/")))
        .extracting(WrappedMetric::value)
        .containsExactlyInAnyOrder(3.5, -3.0);
    assertThat(wrapped(engine))
        .filteredOn(m -> m.metric().equals("latency.count") && m.timestamp() < 980)
        .extracting(WrappedMetric::value)
        .containsExactlyInAnyOrder(0.3, 0.1);
    assertThat(engine.queueSize(Queue.RAW_METRICS)).isEqualTo(1);
  }

  @Test
  void aFailedSeriesHandOverAfterTheSketchesNeitherLosesNorDuplicates() {
    AtomicBoolean failing = new AtomicBoolean(true);
    MemoryStorageEngine memory = new MemoryStorageEngine(clock);
    StorageEngine engine =
        new ForwardingEngine(memory) {
          @Override
          public void storeAndDelete(
              Queue target, List<NewRecord> records, Queue source, Collection<String> keys) {
            if (failing.get() && target.equals(Queue.WRAPPED_METRICS)) {
              throw new StorageException("connection refused");
            }
            super.storeAndDelete(target, records, source, keys);
          }
        };
    rawDistributions(memory);
    ActorRef<MetricsAggregator.Command> aggregator =
        aggregator(engine, DogStatsdConfig.Distributions.SKETCH);

    assertThat(tick(aggregator).failure()).contains("connection refused");
    assertThat(sketches(memory)).hasSize(3);
    assertThat(memory.queueSize(Queue.RAW_METRICS)).isEqualTo(2); // the count and the open one

    failing.set(false);
    tick(aggregator);
    assertThat(sketches(memory)).hasSize(3);
    assertThat(wrapped(memory))
        .containsExactly(new WrappedMetric("jobs", "count", List.of(), 977, 1, 10));
    assertThat(memory.queueSize(Queue.RAW_METRICS)).isEqualTo(1);
  }

  @Test
  void closedDogStatsdSketchesAreStoredAndKeptForTheNextTickWhenTheStoreFails() {
    AtomicBoolean failing = new AtomicBoolean(true);
    MemoryStorageEngine memory = new MemoryStorageEngine(clock);
    StorageEngine engine =
        new ForwardingEngine(memory) {
          @Override
          public List<String> storeRecords(Queue queue, List<NewRecord> records) {
            if (failing.get() && queue.equals(Queue.WRAPPED_SKETCHES)) {
              throw new StorageException("connection refused");
            }
            return super.storeRecords(queue, records);
          }
        };
    List<WrappedSketch> closed = new CopyOnWriteArrayList<>();
    closed.add(sketch("udp.latency", List.of("a:b"), 990, 1, 2, 3));
    ClosedBucketSource buckets =
        new ClosedBucketSource() {
          @Override
          public List<MergedMetric> drainClosed(double now, boolean includeOpen) {
            return List.of();
          }

          @Override
          public List<WrappedSketch> takeClosedSketches() {
            List<WrappedSketch> taken = List.copyOf(closed);
            closed.clear();
            return taken;
          }
        };
    ActorRef<MetricsAggregator.Command> aggregator = aggregator(engine, buckets, false);

    assertThat(tick(aggregator).failure()).contains("bucket sketches");
    assertThat(memory.queueSize(Queue.WRAPPED_SKETCHES)).isZero();
    failing.set(false);
    tick(aggregator);
    assertThat(sketches(memory))
        .containsExactly(sketch("udp.latency", List.of("a:b"), 990, 1, 2, 3));
  }
}
