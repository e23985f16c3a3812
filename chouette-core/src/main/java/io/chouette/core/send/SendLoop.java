package io.chouette.core.send;

import io.chouette.core.BlockingIo;
import io.chouette.core.config.SenderConfig;
import io.chouette.core.metric.RawMetric;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import io.chouette.core.storage.StoredKey;
import io.chouette.core.storage.StoredRecord;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.slf4j.Logger;

/**
 * The release run shared by {@link MetricsSender} and {@link LogsSender} (DESIGN §5). Not an actor
 * itself: it lives inside one, is only called from that actor's message handlers, and talks to
 * itself through the actor's messages ({@code wrap}), so its state stays actor-confined.
 *
 * <p>A run: clean records older than the TTL; (metrics) measure the queue; collect the oldest bulk
 * of keys; fetch their values; send them on the blocking dispatcher ({@link BulkSender}); delete
 * exactly the settled keys (delivered, and dropped as unsendable); while a bulk was full and fully
 * settled, take the next one, up to {@code MAX_BULKS_PER_TICK}; then store the self-metrics.
 *
 * <p>A tick while a run is in flight does nothing. After a failed run (403, 404, 408, 429, 5xx,
 * timeout, connection failure) the next attempts back off exponentially from the release interval
 * up to {@link SenderConfig#maxBackoff()}, or longer when Datadog sends {@code Retry-After}; the
 * due time is worked out from the clock, so surplus or bursty ticks are harmless.
 */
final class SendLoop<C> {

  /** Messages the run sends itself, wrapped into the owning actor's protocol. */
  sealed interface Event permits StorageAnswered, BulkSent {}

  /** The Storage actor answered ({@code reply}) or did not in time ({@code error}). */
  record StorageAnswered(Stage stage, StorageActor.Reply reply, Throwable error) implements Event {}

  /** A bulk was sent ({@code result}), or sending it failed unexpectedly ({@code error}). */
  record BulkSent(BulkResult result, Throwable error) implements Event {}

  enum Stage {
    CLEANUP,
    QUEUE_SIZE,
    KEYS,
    VALUES,
    DELETE,
    SELF_METRICS
  }

  /**
   * What differs between the two senders' runs.
   *
   * @param kind {@code metrics} or {@code logs}
   * @param queue the wrapped queue to send
   * @param ttl records older than this are removed unsent
   * @param bulkSize records per bulk
   * @param endpoint the full Datadog URL to POST to
   * @param reportsQueueSize whether to emit {@code chouette.queued.<kind>} (metrics only, as the
   *     original)
   */
  record Workload(
      String kind,
      Queue queue,
      Duration ttl,
      int bulkSize,
      URI endpoint,
      boolean reportsQueueSize) {}

  /** Log at most this many invalid records one by one per bulk; the rest are summed up. */
  private static final int INVALID_LOG_LINES = 10;

  private final ActorContext<C> context;
  private final Function<Event, C> wrap;
  private final ActorRef<StorageActor.Command> storage;
  private final SenderConfig config;
  private final Workload workload;
  private final BulkSender<?> sender;
  private final SenderStatus status;
  private final Clock clock;
  private final Executor blocking;

  private Run run;
  private int consecutiveFailures;
  private Instant notBefore = Instant.MIN;

  SendLoop(
      ActorContext<C> context,
      Function<Event, C> wrap,
      ActorRef<StorageActor.Command> storage,
      SenderConfig config,
      Workload workload,
      BulkSender<?> sender,
      SenderStatus status,
      Clock clock) {
    this.context = context;
    this.wrap = wrap;
    this.storage = storage;
    this.config = config;
    this.workload = workload;
    this.sender = sender;
    this.status = status;
    this.clock = clock;
    this.blocking = context.getSystem().dispatchers().lookup(BlockingIo.dispatcher());
  }

  /** A release tick; {@code replyTo} (may be null) hears how the run ended. */
  void release(ActorRef<SendReport> replyTo) {
    if (run != null) {
      log().debug("{} release skipped: the previous run is still in flight", workload.kind());
      reply(replyTo, SendReport.skipped(SendOutcome.BUSY));
      return;
    }
    Instant now = clock.instant();
    if (now.isBefore(notBefore)) {
      log().debug("{} release skipped: backing off until {}", workload.kind(), notBefore);
      reply(replyTo, SendReport.skipped(SendOutcome.BACKING_OFF));
      return;
    }
    run = new Run(now, replyTo);
    ask(Stage.CLEANUP, r -> new StorageActor.CleanupOutdated(workload.queue(), workload.ttl(), r));
  }

  void on(Event event) {
    if (run == null) {
      log().debug("{}: late {} ignored", workload.kind(), event.getClass().getSimpleName());
      return;
    }
    if (event instanceof StorageAnswered answered) {
      onStorage(answered);
    } else if (event instanceof BulkSent sent) {
      onBulkSent(sent);
    }
  }

  private void onStorage(StorageAnswered answered) {
    StorageActor.Reply reply = answered.reply();
    if (answered.stage() == Stage.SELF_METRICS) {
      if (!(reply instanceof StorageActor.RecordsStored)) {
        log().debug("self-metrics not stored: {}", failureText(answered));
      }
      complete();
      return;
    }
    if (answered.error() != null || reply instanceof StorageActor.Failed) {
      String detail = "storage " + answered.stage() + ": " + failureText(answered);
      if (answered.stage() == Stage.DELETE) {
        log()
            .warn(
                "{} delivered but not deleted ({}); they may be sent again",
                workload.kind(),
                detail);
      }
      finish(SendOutcome.STORAGE_FAILED, detail);
      return;
    }
    switch (answered.stage()) {
      case CLEANUP -> onCleanedUp((StorageActor.CleanedUp) reply);
      case QUEUE_SIZE -> {
        run.queued = ((StorageActor.QueueSized) reply).size();
        collectKeys();
      }
      case KEYS -> onKeys((StorageActor.KeysCollected) reply);
      case VALUES -> onValues((StorageActor.ValuesCollected) reply);
      case DELETE -> onDeleted();
      default -> throw new IllegalStateException("unexpected stage " + answered.stage());
    }
  }

  private void onCleanedUp(StorageActor.CleanedUp cleaned) {
    if (cleaned.removed() > 0) {
      run.expired += cleaned.removed();
      log()
          .warn(
              "{} {} older than {} s removed unsent",
              cleaned.removed(),
              workload.kind(),
              workload.ttl().toSeconds());
    }
    if (workload.reportsQueueSize() && config.sendSelfMetrics()) {
      ask(Stage.QUEUE_SIZE, r -> new StorageActor.GetQueueSize(workload.queue(), r));
    } else {
      collectKeys();
    }
  }

  private void collectKeys() {
    ask(Stage.KEYS, r -> new StorageActor.CollectKeys(workload.queue(), workload.bulkSize(), r));
  }

  private void onKeys(StorageActor.KeysCollected collected) {
    if (collected.keys().isEmpty()) {
      finish(run.bulks == 0 ? SendOutcome.NOTHING_TO_SEND : SendOutcome.DELIVERED, "");
      return;
    }
    run.bulks++;
    run.keys = collected.keys().stream().map(StoredKey::key).toList();
    ask(Stage.VALUES, r -> new StorageActor.CollectValues(workload.queue(), run.keys, r));
  }

  private void onValues(StorageActor.ValuesCollected collected) {
    List<StoredRecord> records = collected.records();
    // A key without a value (a writer that died half-way) would otherwise stay at the head of
    // the queue until its TTL.
    Set<String> found = new HashSet<>();
    records.forEach(r -> found.add(r.key()));
    run.orphans = run.keys.stream().filter(k -> !found.contains(k)).toList();
    CompletableFuture<BulkResult> sending =
        CompletableFuture.supplyAsync(() -> sender.send(records), blocking);
    context.pipeToSelf(sending, (result, error) -> wrap.apply(new BulkSent(result, error)));
  }

  private void onBulkSent(BulkSent sent) {
    if (sent.error() != null) {
      log().error("{} bulk could not be sent", workload.kind(), sent.error());
      finish(SendOutcome.RETRYING, "internal error: " + sent.error());
      return;
    }
    BulkResult result = sent.result();
    run.lastResult = result;
    run.delivered += result.deliveredKeys().size();
    run.bytes += result.bytes();
    run.truncated += result.truncated();
    logDropped(result);
    for (BulkResult.Dropped dropped : result.dropped()) {
      run.dropped.merge(dropped.reason(), 1L, Long::sum);
    }
    List<String> toDelete = new ArrayList<>(result.settledKeys());
    toDelete.addAll(run.orphans);
    if (toDelete.isEmpty()) {
      onDeleted();
    } else {
      ask(Stage.DELETE, r -> new StorageActor.DeleteRecords(workload.queue(), toDelete, r));
    }
  }

  private void onDeleted() {
    BulkResult last = run.lastResult;
    if (last.failure().isPresent()) {
      DatadogClient.Response failure = last.failure().get();
      run.failure = failure;
      SendOutcome outcome =
          switch (failure.verdict()) {
            case FORBIDDEN -> SendOutcome.FORBIDDEN;
            case MISDIRECTED -> SendOutcome.MISDIRECTED;
            default -> SendOutcome.RETRYING;
          };
      finish(outcome, failure.describe());
      return;
    }
    boolean full = run.keys.size() >= workload.bulkSize();
    if (full && run.bulks < config.maxBulksPerTick()) {
      log().debug("{} backlog: sending bulk {} in the same tick", workload.kind(), run.bulks + 1);
      collectKeys();
    } else {
      finish(SendOutcome.DELIVERED, "");
    }
  }

  private void finish(SendOutcome outcome, String detail) {
    Run finished = run;
    Instant now = clock.instant();
    long dropped = finished.droppedTotal();
    switch (outcome) {
      case FORBIDDEN -> {
        backOff(finished);
        log()
            .error(
                "Datadog refused the API key ({}) at {}: check API_KEY; {} kept for later",
                detail,
                workload.endpoint(),
                workload.kind());
      }
      case MISDIRECTED -> {
        backOff(finished);
        log()
            .error(
                "Datadog has no API at {} ({}): check {}; {} kept for later",
                workload.endpoint(),
                detail,
                workload.kind().equals("logs") ? "DATADOG_LOGS_URL" : "DATADOG_URL",
                workload.kind());
      }
      case RETRYING -> {
        Duration delay = backOff(finished);
        log()
            .warn(
                "{} not delivered ({}); kept, next attempt in about {} s",
                workload.kind(),
                detail,
                delay.toSeconds());
      }
      case DELIVERED, NOTHING_TO_SEND -> {
        consecutiveFailures = 0;
        notBefore = Instant.MIN;
        if (finished.delivered > 0) {
          log()
              .info(
                  "{} {} delivered in {} bulk(s), {} KB compressed",
                  finished.delivered,
                  workload.kind(),
                  finished.bulks,
                  finished.bytes / 1024);
        }
      }
      default -> log().debug("{} run ended: {} {}", workload.kind(), outcome, detail);
    }
    status.recordRun(now, outcome, finished.delivered, dropped, detail);
    finished.report =
        new SendReport(
            outcome, finished.delivered, dropped, finished.bulks, finished.bytes, detail);
    List<NewRecord> selfMetrics = selfMetrics(finished, outcome, now);
    if (selfMetrics.isEmpty()) {
      complete();
    } else {
      ask(
          Stage.SELF_METRICS,
          r -> new StorageActor.StoreRecords(Queue.RAW_METRICS, selfMetrics, r));
    }
  }

  private void complete() {
    Run finished = run;
    run = null;
    reply(finished.replyTo, finished.report);
  }

  /** Counts a failure and sets when the next attempt is due; returns the delay. */
  private Duration backOff(Run finished) {
    consecutiveFailures++;
    Duration interval = config.releaseInterval();
    Duration max = config.maxBackoff();
    int doublings = Math.min(consecutiveFailures - 1, 20);
    Duration delay = interval.multipliedBy(1L << doublings);
    if (delay.compareTo(max) > 0) {
      delay = max;
    }
    if (finished.failure instanceof DatadogClient.Answered answered
        && answered.retryAfter().isPresent()) {
      Duration retryAfter = answered.retryAfter().get();
      Duration capped = retryAfter.compareTo(max) > 0 ? max : retryAfter;
      if (capped.compareTo(delay) > 0) {
        delay = capped;
      }
    }
    // Ticks come every interval from the run's start: half an interval of slack lets the tick
    // that is due pass, whatever the jitter.
    notBefore = finished.startedAt.plus(delay).minus(interval.dividedBy(2));
    return delay;
  }

  /** DESIGN §5's self-metrics, plus this port's drops and failures; raw, so they get aggregated. */
  private List<NewRecord> selfMetrics(Run finished, SendOutcome outcome, Instant now) {
    if (!config.sendSelfMetrics()) {
      return List.of();
    }
    double ts = now.toEpochMilli() / 1000.0;
    String kind = workload.kind();
    List<RawMetric> metrics = new ArrayList<>();
    if (finished.queued > 0) {
      metrics.add(RawMetric.gauge("chouette.queued." + kind, finished.queued, ts, Map.of()));
    }
    if (finished.delivered > 0) {
      metrics.add(
          RawMetric.count(
              "chouette.dispatched." + kind + ".number", finished.delivered, ts, Map.of()));
      metrics.add(
          RawMetric.count("chouette.dispatched." + kind + ".bytes", finished.bytes, ts, Map.of()));
    }
    finished.dropped.forEach(
        (reason, count) ->
            metrics.add(
                RawMetric.count(
                    "chouette.dropped." + kind,
                    count,
                    ts,
                    Map.of("reason", reason.name().toLowerCase(Locale.ROOT)))));
    if (finished.expired > 0) {
      metrics.add(
          RawMetric.count(
              "chouette.dropped." + kind, finished.expired, ts, Map.of("reason", "expired")));
    }
    if (finished.truncated > 0) {
      metrics.add(RawMetric.count("chouette.truncated." + kind, finished.truncated, ts, Map.of()));
    }
    if (finished.failure != null) {
      metrics.add(
          RawMetric.count(
              "chouette.dispatch.errors",
              1,
              ts,
              Map.of("type", kind, "reason", failureReason(finished.failure))));
    } else if (outcome == SendOutcome.STORAGE_FAILED) {
      metrics.add(
          RawMetric.count(
              "chouette.dispatch.errors", 1, ts, Map.of("type", kind, "reason", "storage")));
    }
    return metrics.stream().map(m -> new NewRecord(m.timestamp(), m.toJson())).toList();
  }

  private static String failureReason(DatadogClient.Response failure) {
    if (failure instanceof DatadogClient.Answered answered) {
      return "http_" + answered.status();
    }
    return ((DatadogClient.Unanswered) failure).cause() == DatadogClient.Cause.TIMEOUT
        ? "timeout"
        : "connection";
  }

  private void logDropped(BulkResult result) {
    int invalidLogged = 0;
    int invalidTotal = 0;
    for (BulkResult.Dropped dropped : result.dropped()) {
      switch (dropped.reason()) {
        case INVALID -> {
          invalidTotal++;
          if (invalidLogged++ < INVALID_LOG_LINES) {
            log()
                .warn("{} record {} dropped: {}", workload.kind(), dropped.key(), dropped.detail());
          }
        }
        case REJECTED ->
            log()
                .warn(
                    "{} record {} dropped: Datadog rejected it: {}",
                    workload.kind(),
                    dropped.key(),
                    dropped.detail());
        case OVERSIZED ->
            log()
                .warn("{} record {} dropped: {}", workload.kind(), dropped.key(), dropped.detail());
        default -> throw new IllegalStateException("unexpected reason " + dropped.reason());
      }
    }
    if (invalidTotal > INVALID_LOG_LINES) {
      log()
          .warn(
              "{} more invalid {} records dropped in this bulk",
              invalidTotal - INVALID_LOG_LINES,
              workload.kind());
    }
    if (result.truncated() > 0) {
      log().info("{} {} over Datadog's size limit truncated", result.truncated(), workload.kind());
    }
  }

  private void ask(
      Stage stage, Function<ActorRef<StorageActor.Reply>, StorageActor.Command> request) {
    context.ask(
        StorageActor.Reply.class,
        storage,
        config.storageTimeout(),
        request::apply,
        (reply, error) -> wrap.apply(new StorageAnswered(stage, reply, error)));
  }

  private static String failureText(StorageAnswered answered) {
    if (answered.error() != null) {
      return "no answer: " + answered.error().getMessage();
    }
    if (answered.reply() instanceof StorageActor.Failed failed) {
      return failed.reason();
    }
    return String.valueOf(answered.reply());
  }

  private static void reply(ActorRef<SendReport> replyTo, SendReport report) {
    if (replyTo != null) {
      replyTo.tell(report);
    }
  }

  private Logger log() {
    return context.getLog();
  }

  /** The state of one run, from its tick to its self-metrics. */
  private static final class Run {
    final Instant startedAt;
    final ActorRef<SendReport> replyTo;
    int bulks;
    long queued = -1;
    long delivered;
    long bytes;
    long expired;
    int truncated;
    final Map<BulkResult.DropReason, Long> dropped = new EnumMap<>(BulkResult.DropReason.class);
    List<String> keys = List.of();
    List<String> orphans = List.of();
    BulkResult lastResult;
    DatadogClient.Response failure;
    SendReport report;

    Run(Instant startedAt, ActorRef<SendReport> replyTo) {
      this.startedAt = startedAt;
      this.replyTo = replyTo;
    }

    long droppedTotal() {
      return dropped.values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
