package io.chouette.core.aggregate;

import io.chouette.core.config.AggregatorConfig;
import io.chouette.core.config.DogStatsdConfig;
import io.chouette.core.metric.MergedMetric;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
 * take the keys of closed buckets ({@link ClosedKeys}), fetch their records, merge every sample of
 * a context within a bucket ({@link MergedBatch}), wrap, and hand over in one step — store the
 * wrapped records and delete the raw ones ({@link StorageActor.StoreAndDelete}). A failed step
 * deletes nothing; the next tick retries. Unusable raw records are deleted with their batch and
 * counted. Then the DogStatsD buckets that closed are wrapped and stored ({@link PendingSeries}).
 *
 * <p>Distributions ({@code DOGSTATSD_DISTRIBUTIONS=sketch}): the closed buckets' sketches are
 * stored in the sketches queue after their series. Raw {@code distribution} records become one
 * sketch per context and bucket ({@link RawSketches}); a batch hands them over first, in their own
 * step (store the sketches, delete their raw records), then the rest of the batch: either step may
 * fail alone without losing or duplicating anything.
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
   * A tick that answers {@code replyTo} with {@link Aggregated} when its run has ended; during a
   * run it starts nothing and is answered when that run ends.
   */
  public record AggregateNow(ActorRef<Aggregated> replyTo) implements Command {}

  /**
   * How a run ended.
   *
   * @param records raw records read
   * @param series wrapped series stored, DogStatsD ones included
   * @param failure the step that failed and why ({@code "collect keys: ..."}), empty when none did
   */
  public record Aggregated(long records, long series, String failure) {}

  private record StorageAnswered(Step step, StorageActor.Reply reply) implements Command {}

  /** The storage round-trips of a run, in order; the label names the step in logs and failures. */
  private enum Step {
    CLEANUP("cleanup"),
    COLLECT_KEYS("collect keys"),
    COLLECT_VALUES("collect values"),
    STORE_SKETCHES_AND_DELETE("store sketches and delete raw"),
    STORE_AND_DELETE("store wrapped and delete raw"),
    STORE_BUCKET_SERIES("bucket series"),
    STORE_BUCKET_SKETCHES("bucket sketches"),
    STORE_SELF_METRICS("self metrics");

    final String label;

    Step(String label) {
      this.label = label;
    }
  }

  /** Raw keys per storage round-trip: bounds the heap whatever the backlog. */
  static final int BATCH_SIZE = 10_000;

  /** Batches per run, so one run ends and the next tick starts fresh; the rest waits a tick. */
  static final int MAX_BATCHES_PER_RUN = 200;

  /** DogStatsD series kept for a retry when the store failed, at most. */
  static final int MAX_PENDING_SERIES = 100_000;

  /** DogStatsD sketches kept for a retry when the store failed, at most. */
  static final int MAX_PENDING_SKETCHES = 10_000;

  /** With distributions as sketches, the default of {@code DOGSTATSD_DISTRIBUTIONS}. */
  public static Behavior<Command> create(
      AggregatorConfig config,
      MetricsWrapper wrapper,
      ActorRef<StorageActor.Command> storage,
      ClosedBucketSource buckets,
      Clock clock,
      boolean sendSelfMetrics) {
    return create(
        config,
        wrapper,
        storage,
        buckets,
        clock,
        sendSelfMetrics,
        DogStatsdConfig.Distributions.SKETCH);
  }

  /**
   * @param distributions {@code DOGSTATSD_DISTRIBUTIONS}: whether raw {@code distribution} records
   *     become sketches or histogram samples
   */
  public static Behavior<Command> create(
      AggregatorConfig config,
      MetricsWrapper wrapper,
      ActorRef<StorageActor.Command> storage,
      ClosedBucketSource buckets,
      Clock clock,
      boolean sendSelfMetrics,
      DogStatsdConfig.Distributions distributions) {
    return Behaviors.setup(
        context ->
            new MetricsAggregator(
                context,
                config,
                wrapper,
                storage,
                buckets,
                clock,
                sendSelfMetrics,
                distributions == DogStatsdConfig.Distributions.SKETCH));
  }

  /** The series of a batch and the raw keys they replace, once its sketches are handed over. */
  private record SeriesHandOver(List<NewRecord> series, List<String> rawKeys) {}

  private final AggregatorConfig config;
  private final MetricsWrapper wrapper;
  private final ActorRef<StorageActor.Command> storage;
  private final ClosedBucketSource buckets;
  private final Clock clock;
  private final boolean sendSelfMetrics;
  private final boolean sketches;
  private final long intervalSeconds;
  private final Duration askTimeout;
  private final PendingSeries pendingBucketSeries;
  private final PendingSeries pendingBucketSketches;
  private final RejectedRecordLog rejectedRecords;

  /** The run in progress, or null. */
  private AggregationRun run;

  /** What the batch in progress hands over after its sketches, or null. */
  private SeriesHandOver seriesHandOver;

  private MetricsAggregator(
      ActorContext<Command> context,
      AggregatorConfig config,
      MetricsWrapper wrapper,
      ActorRef<StorageActor.Command> storage,
      ClosedBucketSource buckets,
      Clock clock,
      boolean sendSelfMetrics,
      boolean sketches) {
    super(context);
    this.config = config;
    this.wrapper = wrapper;
    this.storage = storage;
    this.buckets = buckets;
    this.clock = clock;
    this.sendSelfMetrics = sendSelfMetrics;
    this.sketches = sketches;
    this.intervalSeconds = config.interval().toSeconds();
    this.askTimeout = Duration.ofSeconds(Math.max(10, intervalSeconds));
    this.pendingBucketSeries = new PendingSeries(MAX_PENDING_SERIES, context.getLog());
    this.pendingBucketSketches =
        new PendingSeries(MAX_PENDING_SKETCHES, "DogStatsD sketches", context.getLog());
    this.rejectedRecords = new RejectedRecordLog(context.getLog());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Aggregate.INSTANCE, this::onAggregate)
        .onMessage(AggregateNow.class, this::onAggregateNow)
        .onMessage(StorageAnswered.class, this::onStorageAnswered)
        .build();
  }

  private Behavior<Command> onAggregate() {
    if (run != null) {
      getContext().getLog().debug("aggregation still running, tick skipped");
      return this;
    }
    startRun();
    return this;
  }

  private Behavior<Command> onAggregateNow(AggregateNow command) {
    if (run == null) {
      startRun();
    }
    run.answerTo(command.replyTo());
    return this;
  }

  private void startRun() {
    run = new AggregationRun();
    ask(
        Step.CLEANUP,
        replyTo ->
            new StorageActor.CleanupOutdated(Queue.RAW_METRICS, config.metricTtl(), replyTo));
  }

  private void ask(
      Step step, Function<ActorRef<StorageActor.Reply>, StorageActor.Command> request) {
    getContext()
        .ask(
            StorageActor.Reply.class,
            storage,
            askTimeout,
            request::apply,
            (reply, failure) ->
                new StorageAnswered(
                    step,
                    reply != null
                        ? reply
                        : new StorageActor.Failed(step.label, "no answer within " + askTimeout)));
  }

  private Behavior<Command> onStorageAnswered(StorageAnswered answered) {
    Step step = answered.step();
    StorageActor.Reply reply = answered.reply();
    if (reply instanceof StorageActor.Failed failed) {
      getContext()
          .getLog()
          .warn(
              "aggregation step {} failed, nothing deleted, retrying next tick: {}",
              step.label,
              failed.reason());
      finishRun(step.label + ": " + failed.reason());
      return this;
    }
    switch (step) {
      case CLEANUP -> onCleanedUp((StorageActor.CleanedUp) reply);
      case COLLECT_KEYS -> onKeys((StorageActor.KeysCollected) reply);
      case COLLECT_VALUES -> onValues((StorageActor.ValuesCollected) reply);
      case STORE_SKETCHES_AND_DELETE -> onSketchesHandedOver();
      case STORE_AND_DELETE -> onBatchHandedOver();
      case STORE_BUCKET_SERIES -> onBucketSeriesStored((StorageActor.RecordsStored) reply);
      case STORE_BUCKET_SKETCHES -> onBucketSketchesStored((StorageActor.RecordsStored) reply);
      case STORE_SELF_METRICS -> finishRun("");
    }
    return this;
  }

  private void onCleanedUp(StorageActor.CleanedUp cleaned) {
    run.expired(cleaned.removed());
    if (cleaned.removed() > 0) {
      getContext().getLog().info("dropped {} raw metrics older than METRIC_TTL", cleaned.removed());
    }
    nextBatch();
  }

  private void nextBatch() {
    run.batchStarted();
    ask(
        Step.COLLECT_KEYS,
        replyTo -> new StorageActor.CollectKeys(Queue.RAW_METRICS, BATCH_SIZE, replyTo));
  }

  private void onKeys(StorageActor.KeysCollected collected) {
    ClosedKeys keys =
        ClosedKeys.select(collected.keys(), nowSeconds(), intervalSeconds, BATCH_SIZE);
    run.keysSelected(keys);
    if (keys.due().isEmpty()) {
      storeBucketSeries();
      return;
    }
    List<String> batchKeys = run.batchKeys();
    ask(
        Step.COLLECT_VALUES,
        replyTo -> new StorageActor.CollectValues(Queue.RAW_METRICS, batchKeys, replyTo));
  }

  private void onValues(StorageActor.ValuesCollected collected) {
    MergedBatch batch =
        MergedBatch.of(collected.records(), intervalSeconds, rejectedRecords, sketches);
    List<NewRecord> wrapped = wrapper.wrapAll(batch.merged());
    run.batchWrapped(collected.records().size(), wrapped.size(), batch.malformed());
    if (batch.sketchKeys().isEmpty()) {
      handOverSeries(wrapped, run.batchKeys());
      return;
    }
    List<String> rest = new ArrayList<>(run.batchKeys());
    rest.removeAll(new HashSet<>(batch.sketchKeys()));
    seriesHandOver = new SeriesHandOver(wrapped, rest);
    List<NewRecord> sketchRecords = SketchRecords.of(batch.sketches());
    run.sketchesWrapped(sketchRecords.size());
    List<String> sketchKeys = batch.sketchKeys();
    ask(
        Step.STORE_SKETCHES_AND_DELETE,
        replyTo ->
            new StorageActor.StoreAndDelete(
                Queue.WRAPPED_SKETCHES, sketchRecords, Queue.RAW_METRICS, sketchKeys, replyTo));
  }

  private void onSketchesHandedOver() {
    SeriesHandOver handOver = seriesHandOver;
    seriesHandOver = null;
    if (handOver.rawKeys().isEmpty() && handOver.series().isEmpty()) {
      onBatchHandedOver();
      return;
    }
    handOverSeries(handOver.series(), handOver.rawKeys());
  }

  private void handOverSeries(List<NewRecord> wrapped, List<String> rawKeys) {
    ask(
        Step.STORE_AND_DELETE,
        replyTo ->
            new StorageActor.StoreAndDelete(
                Queue.WRAPPED_METRICS, wrapped, Queue.RAW_METRICS, rawKeys, replyTo));
  }

  private void onBatchHandedOver() {
    if (run.anotherBatchDue(MAX_BATCHES_PER_RUN)) {
      nextBatch();
    } else {
      storeBucketSeries();
    }
  }

  /**
   * The DogStatsD buckets that closed, wrapped and stored with those a failed run left; then their
   * sketches.
   */
  private void storeBucketSeries() {
    List<MergedMetric> closed = buckets.drainClosed(nowSeconds(), false);
    pendingBucketSeries.add(wrapper.wrapAll(closed));
    pendingBucketSketches.add(SketchRecords.of(buckets.takeClosedSketches()));
    storePending(
        Step.STORE_BUCKET_SERIES,
        Queue.WRAPPED_METRICS,
        pendingBucketSeries,
        this::storeBucketSketches);
  }

  private void onBucketSeriesStored(StorageActor.RecordsStored stored) {
    pendingBucketSeries.clear();
    run.seriesStored(stored.keys().size());
    storeBucketSketches();
  }

  private void storeBucketSketches() {
    storePending(
        Step.STORE_BUCKET_SKETCHES,
        Queue.WRAPPED_SKETCHES,
        pendingBucketSketches,
        this::storeSelfMetrics);
  }

  /** Stores what {@code pending} holds in {@code queue}; with nothing to store, goes on. */
  private void storePending(Step step, Queue queue, PendingSeries pending, Runnable whenEmpty) {
    if (pending.isEmpty()) {
      whenEmpty.run();
      return;
    }
    List<NewRecord> toStore = pending.snapshot();
    ask(step, replyTo -> new StorageActor.StoreRecords(queue, toStore, replyTo));
  }

  private void onBucketSketchesStored(StorageActor.RecordsStored stored) {
    pendingBucketSketches.clear();
    run.sketchesWrapped(stored.keys().size());
    storeSelfMetrics();
  }

  private void storeSelfMetrics() {
    List<NewRecord> self = sendSelfMetrics ? run.selfMetrics(nowSeconds()) : List.of();
    if (self.isEmpty()) {
      finishRun("");
      return;
    }
    ask(
        Step.STORE_SELF_METRICS,
        replyTo -> new StorageActor.StoreRecords(Queue.RAW_METRICS, self, replyTo));
  }

  private void finishRun(String failure) {
    AggregationRun finished = run;
    run = null;
    seriesHandOver = null;
    finished.finished(failure);
    finished.logSummary(getContext().getLog());
  }

  private double nowSeconds() {
    return clock.millis() / 1000.0;
  }
}
