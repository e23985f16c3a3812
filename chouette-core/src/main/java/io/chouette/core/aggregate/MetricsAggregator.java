package io.chouette.core.aggregate;

import io.chouette.core.config.AggregatorConfig;
import io.chouette.core.metric.MergedMetric;
import io.chouette.core.metric.RawMetric;
import io.chouette.core.metric.RawMetricParser;
import io.chouette.core.metric.RawRecord;
import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.metric.WrappedMetricCodec;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import io.chouette.core.storage.StoredKey;
import io.chouette.core.storage.StoredRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Raw queue and DogStatsD buckets to the wrapped queue, every {@code AGGREGATE_INTERVAL} (DESIGN
 * §4).
 *
 * <p>A run: drop raw metrics older than {@code METRIC_TTL}; then, batch by batch, oldest first,
 * take the keys of closed buckets, fetch their records, merge every sample of a context within a
 * bucket, wrap, and hand over in one step — store the wrapped records and delete the raw ones
 * ({@link StorageActor.StoreAndDelete}). A failed step deletes nothing; the next tick retries.
 * Unusable raw records are deleted with their batch and counted. Then the DogStatsD buckets that
 * closed are wrapped and stored.
 *
 * <p>Batches bound the memory whatever the backlog; each storage round-trip is a message, so other
 * actors run between batches. A tick that arrives during a run is ignored.
 */
public final class MetricsAggregator extends AbstractBehavior<MetricsAggregator.Command> {

  /** Messages the aggregator accepts. */
  public sealed interface Command {}

  /** The guardian's tick: aggregate what is due. */
  public enum Aggregate implements Command {
    INSTANCE
  }

  /**
   * Graceful shutdown: wrap and store every DogStatsD bucket, open ones included, then answer
   * {@link Flushed}.
   */
  public record FlushAll(ActorRef<Flushed> replyTo) implements Command {}

  /** The answer to {@link FlushAll}: how many series were stored, or why none could be. */
  public record Flushed(int stored, String failure) {}

  private record StorageAnswered(StorageActor.Reply reply, String step) implements Command {}

  /** Raw keys per storage round-trip: bounds the heap whatever the backlog. */
  static final int BATCH_SIZE = 10_000;

  /** Batches per run, so one run ends and the next tick starts fresh; the rest waits a tick. */
  static final int MAX_BATCHES_PER_RUN = 200;

  /** DogStatsD series kept for a retry when the store failed, at most. */
  static final int MAX_PENDING_SERIES = 100_000;

  public static Behavior<Command> create(
      AggregatorConfig config,
      MetricsWrapper wrapper,
      ActorRef<StorageActor.Command> storage,
      ClosedBucketSource buckets,
      Clock clock,
      boolean sendSelfMetrics) {
    return Behaviors.setup(
        context ->
            new MetricsAggregator(
                context, config, wrapper, storage, buckets, clock, sendSelfMetrics));
  }

  private final AggregatorConfig config;
  private final MetricsWrapper wrapper;
  private final ActorRef<StorageActor.Command> storage;
  private final ClosedBucketSource buckets;
  private final Clock clock;
  private final boolean sendSelfMetrics;
  private final long intervalSeconds;
  private final Duration askTimeout;

  // State of the run in progress.
  private boolean running;
  private boolean flushing;
  private String lastFailure = "";
  private int flushedSeries;
  private int batches;
  private boolean lastBatchFull;
  private List<String> batchKeys = List.of();
  private RunTotals totals = new RunTotals();
  private List<NewRecord> pendingBucketSeries = new ArrayList<>();
  private final List<ActorRef<Flushed>> flushWaiters = new ArrayList<>();
  private final Map<String, Integer> loggedReasons = new HashMap<>();

  private MetricsAggregator(
      ActorContext<Command> context,
      AggregatorConfig config,
      MetricsWrapper wrapper,
      ActorRef<StorageActor.Command> storage,
      ClosedBucketSource buckets,
      Clock clock,
      boolean sendSelfMetrics) {
    super(context);
    this.config = config;
    this.wrapper = wrapper;
    this.storage = storage;
    this.buckets = buckets;
    this.clock = clock;
    this.sendSelfMetrics = sendSelfMetrics;
    this.intervalSeconds = config.interval().toSeconds();
    this.askTimeout = Duration.ofSeconds(Math.max(10, intervalSeconds));
  }

  /** Counts of one run, for the debug log and self-metrics. */
  private static final class RunTotals {
    long records;
    long series;
    long malformed;
    long expired;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Aggregate.INSTANCE, this::onAggregate)
        .onMessage(FlushAll.class, this::onFlushAll)
        .onMessage(StorageAnswered.class, this::onStorageAnswered)
        .build();
  }

  private Behavior<Command> onAggregate() {
    if (running) {
      getContext().getLog().debug("aggregation still running, tick skipped");
      return this;
    }
    running = true;
    batches = 0;
    totals = new RunTotals();
    ask(
        "cleanup",
        replyTo ->
            new StorageActor.CleanupOutdated(Queue.RAW_METRICS, config.metricTtl(), replyTo));
    return this;
  }

  private Behavior<Command> onFlushAll(FlushAll flush) {
    flushWaiters.add(flush.replyTo());
    if (!running) {
      startFlush();
    }
    // else: the flush starts when the run in progress ends.
    return this;
  }

  private void startFlush() {
    running = true;
    flushing = true;
    flushedSeries = 0;
    totals = new RunTotals();
    storeBucketSeries(true);
  }

  private void ask(
      String step, Function<ActorRef<StorageActor.Reply>, StorageActor.Command> request) {
    getContext()
        .ask(
            StorageActor.Reply.class,
            storage,
            askTimeout,
            request::apply,
            (reply, failure) ->
                new StorageAnswered(
                    reply != null
                        ? reply
                        : new StorageActor.Failed(step, "no answer within " + askTimeout),
                    step));
  }

  private Behavior<Command> onStorageAnswered(StorageAnswered answered) {
    StorageActor.Reply reply = answered.reply();
    if (reply instanceof StorageActor.Failed failed) {
      getContext()
          .getLog()
          .warn(
              "aggregation step {} failed, nothing deleted, retrying next tick: {}",
              answered.step(),
              failed.reason());
      return finishRun(answered.step() + ": " + failed.reason());
    }
    if (reply instanceof StorageActor.CleanedUp cleaned) {
      totals.expired += cleaned.removed();
      if (cleaned.removed() > 0) {
        getContext()
            .getLog()
            .info("dropped {} raw metrics older than METRIC_TTL", cleaned.removed());
      }
      nextBatch();
    } else if (reply instanceof StorageActor.KeysCollected collected) {
      onKeys(collected.keys());
    } else if (reply instanceof StorageActor.ValuesCollected values) {
      onValues(values.records());
    } else if (reply instanceof StorageActor.StoredAndDeleted) {
      if (lastBatchFull && batches < MAX_BATCHES_PER_RUN) {
        nextBatch();
      } else {
        storeBucketSeries(false);
      }
    } else if (reply instanceof StorageActor.RecordsStored stored) {
      if (answered.step().equals("bucket series")) {
        pendingBucketSeries = new ArrayList<>();
        totals.series += stored.keys().size();
        flushedSeries = stored.keys().size();
        storeSelfMetrics();
      } else {
        return finishRun("");
      }
    }
    return this;
  }

  private void nextBatch() {
    batches++;
    ask(
        "collect keys",
        replyTo -> new StorageActor.CollectKeys(Queue.RAW_METRICS, BATCH_SIZE, replyTo));
  }

  /**
   * Keeps the keys of closed buckets; when the batch is full, the last bucket waits for the next.
   */
  private void onKeys(List<StoredKey> keys) {
    long openBucket = MetricsMerger.bucketOf(clock.millis() / 1000.0, intervalSeconds);
    List<String> due = new ArrayList<>(keys.size());
    long lastBucket = Long.MIN_VALUE;
    int lastBucketStart = 0;
    for (StoredKey key : keys) {
      long bucket = MetricsMerger.bucketOf(key.timestamp(), intervalSeconds);
      if (bucket >= openBucket) {
        break;
      }
      if (bucket != lastBucket) {
        lastBucket = bucket;
        lastBucketStart = due.size();
      }
      due.add(key.key());
    }
    lastBatchFull = keys.size() == BATCH_SIZE;
    if (lastBatchFull && lastBucketStart > 0 && due.size() == keys.size()) {
      // The last bucket may go on in the next batch: leave it whole for then.
      due = due.subList(0, lastBucketStart);
    }
    if (due.isEmpty()) {
      storeBucketSeries(false);
      return;
    }
    batchKeys = List.copyOf(due);
    ask(
        "collect values",
        replyTo -> new StorageActor.CollectValues(Queue.RAW_METRICS, batchKeys, replyTo));
  }

  private void onValues(List<StoredRecord> records) {
    Map<Long, MetricsMerger> byBucket = new TreeMap<>();
    for (StoredRecord record : records) {
      RawRecord parsed = RawMetricParser.parse(record.json());
      if (parsed instanceof RawRecord.Sample sample) {
        byBucket
            .computeIfAbsent(
                MetricsMerger.bucketOf(sample.timestamp(), intervalSeconds),
                b -> new MetricsMerger())
            .add(sample);
      } else {
        totals.malformed++;
        logRejected(((RawRecord.Rejected) parsed).reason(), record.json());
      }
    }
    List<NewRecord> wrapped = new ArrayList<>();
    for (MetricsMerger merger : byBucket.values()) {
      wrapped.addAll(wrap(merger.merged()));
    }
    totals.records += records.size();
    totals.series += wrapped.size();
    ask(
        "store wrapped and delete raw",
        replyTo ->
            new StorageActor.StoreAndDelete(
                Queue.WRAPPED_METRICS, wrapped, Queue.RAW_METRICS, batchKeys, replyTo));
  }

  private List<NewRecord> wrap(List<MergedMetric> merged) {
    List<NewRecord> records = new ArrayList<>();
    for (MergedMetric metric : merged) {
      for (WrappedMetric series : wrapper.wrap(metric)) {
        if (Double.isFinite(series.value())) {
          records.add(new NewRecord(series.timestamp(), WrappedMetricCodec.toJson(series)));
        }
      }
    }
    return records;
  }

  /**
   * The DogStatsD buckets that closed (all of them when {@code includeOpen}), wrapped and stored.
   */
  private void storeBucketSeries(boolean includeOpen) {
    List<MergedMetric> closed = buckets.drainClosed(clock.millis() / 1000.0, includeOpen);
    pendingBucketSeries.addAll(wrap(closed));
    if (pendingBucketSeries.size() > MAX_PENDING_SERIES) {
      int excess = pendingBucketSeries.size() - MAX_PENDING_SERIES;
      getContext()
          .getLog()
          .warn("store unavailable: dropping the {} oldest DogStatsD series", excess);
      pendingBucketSeries =
          new ArrayList<>(pendingBucketSeries.subList(excess, pendingBucketSeries.size()));
    }
    if (pendingBucketSeries.isEmpty()) {
      storeSelfMetrics();
      return;
    }
    List<NewRecord> toStore = List.copyOf(pendingBucketSeries);
    ask(
        "bucket series",
        replyTo -> new StorageActor.StoreRecords(Queue.WRAPPED_METRICS, toStore, replyTo));
  }

  private void storeSelfMetrics() {
    if (!sendSelfMetrics || (totals.malformed == 0 && totals.expired == 0 && totals.records == 0)) {
      finishRun("");
      return;
    }
    double now = clock.millis() / 1000.0;
    List<NewRecord> self = new ArrayList<>();
    addCount(self, "chouette.aggregated.metrics", totals.records, now);
    addCount(self, "chouette.aggregated.series", totals.series, now);
    addCount(self, "chouette.dropped.metrics.malformed", totals.malformed, now);
    addCount(self, "chouette.dropped.metrics.expired", totals.expired, now);
    ask("self metrics", replyTo -> new StorageActor.StoreRecords(Queue.RAW_METRICS, self, replyTo));
  }

  private static void addCount(List<NewRecord> records, String name, long value, double now) {
    if (value > 0) {
      records.add(new NewRecord(now, RawMetric.count(name, value, now, Map.of()).toJson()));
    }
  }

  private Behavior<Command> finishRun(String failure) {
    running = false;
    batchKeys = List.of();
    if (!failure.isEmpty()) {
      lastFailure = failure;
    }
    if (flushing) {
      flushing = false;
      flushWaiters.forEach(waiter -> waiter.tell(new Flushed(flushedSeries, lastFailure)));
      flushWaiters.clear();
      lastFailure = "";
    } else if (!flushWaiters.isEmpty()) {
      startFlush();
    }
    if (totals.records > 0 || totals.series > 0) {
      getContext()
          .getLog()
          .debug(
              "aggregated {} raw records into {} series ({} malformed, {} expired) in {} batches",
              totals.records,
              totals.series,
              totals.malformed,
              totals.expired,
              batches);
    }
    return this;
  }

  /**
   * The first record of each reason is logged, then every 1000th: bad input must not flood logs.
   */
  private void logRejected(String reason, String json) {
    int seen = loggedReasons.merge(reason, 1, Integer::sum);
    if (seen == 1 || seen % 1000 == 0) {
      String sample = json.length() > 200 ? json.substring(0, 200) + "..." : json;
      getContext()
          .getLog()
          .warn("dropped a raw metric ({}; {} so far for this reason): {}", reason, seen, sample);
    }
  }
}
