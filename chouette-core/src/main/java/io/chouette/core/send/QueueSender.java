package io.chouette.core.send;

import io.chouette.core.BlockingIo;
import io.chouette.core.config.SenderConfig;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import io.chouette.core.storage.StoredKey;
import io.chouette.core.storage.StoredRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;

/**
 * The actor behind every sender ({@link MetricsSender}, {@link LogsSender}...): on each release
 * tick it ships one wrapped queue to one Datadog endpoint (DESIGN §5). What differs between them is
 * only the {@link Workload} and the {@link PayloadFormat}.
 *
 * <p>A run: clean records older than the TTL (metrics without historical ingestion: older than an
 * hour); measure the queue and its oldest record; collect a bulk of keys in the workload's order
 * ({@link KeySelection}); fetch their values; wait for the link when the bulk is backlog and {@code
 * SEND_MAX_KBPS} says so ({@link LinkBudget}); send them on the blocking dispatcher ({@link
 * BulkSender}: parse, then post); delete exactly the settled keys (delivered, and dropped as
 * unsendable); while a bulk was full and fully settled, take the next one at once (up to {@code
 * MAX_BULKS_PER_TICK} when set): it is read before the sent bulk is deleted, which the store does
 * while the next bulk is parsed, and posted once the deletion is done ({@link ReadAhead}); then
 * store the self-metrics ({@link SendSelfMetrics}). The drain's turn on the link is {@link
 * LinkGate}'s, the send off the actor's thread {@link BulkDispatch}'s, the run's end {@link
 * RunEnding}'s.
 *
 * <p>A tick while a run is in flight does nothing. After a failed run (403, 404, 408, 429, 5xx,
 * timeout, connection failure) the next attempts back off ({@link Backoff}). When shutdown begins
 * the run ends after the request in flight and its deletion ({@link ShutdownHook}).
 */
public final class QueueSender extends AbstractBehavior<QueueSender.Command> {

  /** Messages the sender accepts. */
  public sealed interface Command {}

  /** The guardian's tick: send what is queued. A tick during a run does nothing. */
  public enum Release implements Command {
    INSTANCE
  }

  /** A tick whose run answers {@code replyTo} when it has ended (or at once when skipped). */
  public record ReleaseNow(ActorRef<SendReport> replyTo) implements Command {}

  /**
   * The Storage actor answered a request of {@code run} ({@code reply}) or did not in time ({@code
   * error}).
   */
  private record StorageAnswered(
      SendRun run, RunStage stage, StorageActor.Reply reply, Throwable error) implements Command {}

  /** A bulk was sent ({@code result}), or sending it failed unexpectedly ({@code error}). */
  private record BulkSent(BulkResult result, Throwable error) implements Command {}

  /**
   * A bulk of {@code run} was parsed ({@code bulk} sends it), or parsing failed ({@code error}).
   */
  private record BulkPrepared(SendRun run, Supplier<BulkResult> bulk, Throwable error)
      implements Command {}

  /** The link's budget lets the waiting bulk go. */
  private enum LinkFree implements Command {
    INSTANCE
  }

  /** Shutdown has begun: end the run after the request in flight, then answer. */
  private record Stop(ActorRef<Done> replyTo) implements Command {}

  static Behavior<Command> create(
      SenderConfig config,
      ActorRef<StorageActor.Command> storage,
      Clock clock,
      SenderStatus status,
      LinkBudget link,
      Workload workload,
      PayloadFormat<?> format) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers ->
                    new QueueSender(
                        context, timers, config, storage, clock, status, link, workload, format)));
  }

  private final ActorRef<StorageActor.Command> storage;
  private final SenderConfig config;
  private final Workload workload;
  private final DatadogClient client;
  private final BulkDispatch dispatch;
  private final SenderStatus status;
  private final Clock clock;
  private final Backoff backoff;
  private final DropLog dropLog;
  private final LinkGate<Command> link;
  private final RunPreparation preparation;
  private final RunEnding ending;
  private final Cancellable shutdownTask;

  /** The run in progress, or null. */
  private SendRun run;

  /** Who waits for the run to end since shutdown began; null until then. */
  private ActorRef<Done> stopping;

  private QueueSender(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      SenderConfig config,
      ActorRef<StorageActor.Command> storage,
      Clock clock,
      SenderStatus status,
      LinkBudget link,
      Workload workload,
      PayloadFormat<?> format) {
    super(context);
    this.link = new LinkGate<>(new LinkTurn(link), timers, LinkFree.INSTANCE);
    this.preparation = new RunPreparation(workload, config, clock, context.getLog());
    this.storage = storage;
    this.config = config;
    this.workload = workload;
    this.client = new DatadogClient(config);
    this.dispatch =
        new BulkDispatch(
            bulkSender(format, client, workload),
            context.getSystem().dispatchers().lookup(BlockingIo.dispatcher()));
    this.status = status;
    this.clock = clock;
    this.backoff = new Backoff(config.releaseInterval(), config.maxBackoff());
    this.dropLog = new DropLog(context.getLog(), workload.kind());
    this.ending =
        new RunEnding(
            workload, config, backoff, new OutcomeLog(context.getLog(), workload), status);
    this.shutdownTask = ShutdownHook.register(context, Stop::new);
  }

  private static <T> BulkSender<T> bulkSender(
      PayloadFormat<T> format, DatadogClient client, Workload workload) {
    return new BulkSender<>(format, client, workload.endpoint());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Release.INSTANCE, this::onRelease)
        .onMessage(ReleaseNow.class, this::onReleaseNow)
        .onMessage(StorageAnswered.class, this::onStorageAnswered)
        .onMessage(BulkPrepared.class, this::onBulkPrepared)
        .onMessage(BulkSent.class, this::onBulkSent)
        .onMessageEquals(LinkFree.INSTANCE, this::onLinkFree)
        .onMessage(Stop.class, this::onStop)
        .onSignal(PostStop.class, signal -> closeClient())
        .onSignal(PreRestart.class, signal -> closeClient())
        .build();
  }

  private Behavior<Command> onRelease() {
    release(null);
    return this;
  }

  private Behavior<Command> onReleaseNow(ReleaseNow command) {
    release(command.replyTo());
    return this;
  }

  /** Starts a run unless one is in flight or backing off; {@code replyTo} may be null. */
  private void release(ActorRef<SendReport> replyTo) {
    if (stopping != null) {
      reply(replyTo, SendReport.skipped(SendOutcome.BUSY));
      return;
    }
    if (run != null) {
      log().debug("{} release skipped: the previous run is still in flight", workload.kind());
      reply(replyTo, SendReport.skipped(SendOutcome.BUSY));
      return;
    }
    Instant now = clock.instant();
    if (backoff.isWaiting(now)) {
      log().debug("{} release skipped: backing off until {}", workload.kind(), backoff.notBefore());
      reply(replyTo, SendReport.skipped(SendOutcome.BACKING_OFF));
      return;
    }
    KeySelection selection =
        new KeySelection(
            workload.queue(),
            workload.bulkSize(),
            workload.order(),
            config.historicalMetrics(),
            clock);
    run = new SendRun(now, replyTo, selection);
    prepare(null);
  }

  private Behavior<Command> onStop(Stop stop) {
    stopping = stop.replyTo();
    if (run == null) {
      stop.replyTo().tell(Done.getInstance());
    } else if (link.isWaiting()) {
      link.cancel();
      endForShutdown();
    }
    return this;
  }

  /** Ends the run before its next request because shutdown has begun; the rest stays queued. */
  private void endForShutdown() {
    log()
        .info("{}: shutting down, the rest of the queue stays for the next start", workload.kind());
    finish(run.delivered > 0 ? SendOutcome.DELIVERED : SendOutcome.NOTHING_TO_SEND, "");
  }

  private Behavior<Command> onStorageAnswered(StorageAnswered answered) {
    if (answered.run() != run) {
      log().debug("{}: late {} ignored", workload.kind(), answered.getClass().getSimpleName());
      return this;
    }
    if (answered.stage() == RunStage.NEXT_KEYS || answered.stage() == RunStage.NEXT_VALUES) {
      onNextBulk(answered);
      return this;
    }
    StorageActor.Reply reply = answered.reply();
    if (answered.stage() == RunStage.SELF_METRICS) {
      if (!(reply instanceof StorageActor.RecordsStored)) {
        log().debug("self-metrics not stored: {}", failureText(answered));
      }
      complete();
      return this;
    }
    if (answered.error() != null || reply instanceof StorageActor.Failed) {
      String detail = "storage " + answered.stage() + ": " + failureText(answered);
      if (answered.stage() == RunStage.DELETE) {
        log()
            .warn(
                "{} delivered but not deleted ({}); they may be sent again",
                workload.kind(),
                detail);
      }
      finish(SendOutcome.STORAGE_FAILED, detail);
      return this;
    }
    switch (answered.stage()) {
      case CLEANUP, WINDOW_CLEANUP, QUEUE_SIZE, OLDEST -> {
        preparation.answered(answered.stage(), reply, run);
        prepare(answered.stage());
      }
      case KEYS -> onKeys((StorageActor.KeysCollected) reply);
      case VALUES -> onValues((StorageActor.ValuesCollected) reply);
      case DELETE -> {
        if (run.deletePending) {
          onDeletedWhileParsing();
        } else {
          onDeleted();
        }
      }
      default -> throw new IllegalStateException("unexpected stage " + answered.stage());
    }
    return this;
  }

  /** The next preparation step after {@code done} (null: none yet), then the first bulk. */
  private void prepare(RunStage done) {
    RunStage next = preparation.next(done);
    if (next == RunStage.KEYS) {
      collectKeys();
    } else {
      ask(next, r -> preparation.request(next, r));
    }
  }

  private void collectKeys() {
    if (stopping != null) {
      endForShutdown();
      return;
    }
    ask(RunStage.KEYS, run.selection::request);
  }

  private void onKeys(StorageActor.KeysCollected collected) {
    KeySelection.Bulk bulk = run.selection.accept(collected.keys());
    if (bulk.keys().isEmpty()) {
      if (bulk.more()) {
        collectKeys();
      } else {
        finish(run.bulks == 0 ? SendOutcome.NOTHING_TO_SEND : SendOutcome.DELIVERED, "");
      }
      return;
    }
    run.bulks++;
    run.bulk = bulk;
    List<String> keys = bulk.keys().stream().map(StoredKey::key).toList();
    run.keys = keys;
    ask(RunStage.VALUES, r -> new StorageActor.CollectValues(workload.queue(), keys, r));
  }

  private void onValues(StorageActor.ValuesCollected collected) {
    List<StoredRecord> records = collected.records();
    run.valuesCollected(records);
    if (stopping != null) {
      run.bulks--;
      endForShutdown();
      return;
    }
    // Backlog waits for its turn on the link; a normal tick's payload (less than a bulk) does not.
    Duration wait = link.pass(records, run.bulk.full(), this::send);
    if (!wait.isZero()) {
      log().debug("{} bulk waits {} ms for SEND_MAX_KBPS", workload.kind(), wait.toMillis());
    }
  }

  private Behavior<Command> onLinkFree() {
    if (run != null) {
      link.turnCame(this::send);
    }
    return this;
  }

  private void send(List<StoredRecord> records) {
    SendRun sending = run;
    getContext()
        .pipeToSelf(
            dispatch.prepare(records), (bulk, error) -> new BulkPrepared(sending, bulk, error));
  }

  private Behavior<Command> onBulkPrepared(BulkPrepared prepared) {
    if (prepared.run() != run || run.report != null) {
      return this; // the run has ended, or is ending
    }
    run.prepared = prepared.bulk();
    run.prepareError = prepared.error();
    postWhenDeleted();
    return this;
  }

  /** Posts the parsed bulk once the bulk sent before it is deleted. */
  private void postWhenDeleted() {
    if (run.deletePending || (run.prepared == null && run.prepareError == null)) {
      return;
    }
    if (run.prepareError != null) {
      log().error("{} bulk could not be sent", workload.kind(), run.prepareError);
      finish(SendOutcome.RETRYING, "internal error: " + run.prepareError);
    } else if (stopping != null) {
      run.bulks--;
      endForShutdown();
    } else {
      Supplier<BulkResult> bulk = run.prepared;
      run.prepared = null;
      getContext().pipeToSelf(dispatch.post(bulk), BulkSent::new);
    }
  }

  /** Reads the next bulk of the drain, then deletes the bulk just sent while parsing it. */
  private void readNextBulk(List<String> toDelete) {
    ReadAhead ahead = new ReadAhead(run.bulk, toDelete, workload.bulkSize());
    run.ahead = ahead;
    ask(RunStage.NEXT_KEYS, r -> ahead.request(run.selection, r));
  }

  private void onNextBulk(StorageAnswered answered) {
    ReadAhead ahead = run.ahead;
    if (ahead == null) {
      return; // the run is ending
    }
    StorageActor.Reply reply = answered.reply();
    if (answered.error() != null || reply instanceof StorageActor.Failed) {
      log().debug("{} next bulk not read ahead: {}", workload.kind(), failureText(answered));
      deleteThenGoOn(ahead.toDelete());
    } else if (answered.stage() == RunStage.NEXT_KEYS) {
      KeySelection.Bulk bulk =
          run.selection.accept(ahead.withoutSent(((StorageActor.KeysCollected) reply).keys()));
      if (bulk.keys().isEmpty()) {
        deleteThenGoOn(ahead.toDelete()); // the drain's tail, taken the usual way
        return;
      }
      ahead.keysChosen(bulk);
      ask(
          RunStage.NEXT_VALUES,
          r -> new StorageActor.CollectValues(workload.queue(), ahead.keys(), r));
    } else {
      run.ahead = null;
      if (!ahead.toDelete().isEmpty()) {
        delete(ahead.toDelete(), true);
      }
      run.bulks++;
      run.bulk = ahead.bulk();
      run.keys = ahead.keys();
      onValues((StorageActor.ValuesCollected) reply);
    }
  }

  /** Deletes the sent bulk's settled keys, then goes on as after any deletion. */
  private void deleteThenGoOn(List<String> toDelete) {
    run.ahead = null;
    if (toDelete.isEmpty()) {
      onDeleted();
    } else {
      delete(toDelete, false);
    }
  }

  /**
   * Asks for the deletion of {@code toDelete} (not empty); {@code whileParsing}: the next bulk is
   * on its way meanwhile.
   */
  private void delete(List<String> toDelete, boolean whileParsing) {
    run.deletePending = whileParsing;
    ask(RunStage.DELETE, r -> new StorageActor.DeleteRecords(workload.queue(), toDelete, r));
  }

  /** The sent bulk is deleted while the next one was parsed: that one may now be posted. */
  private void onDeletedWhileParsing() {
    run.deletePending = false;
    run.reportProgress(status, clock.instant());
    postWhenDeleted();
  }

  private Behavior<Command> onBulkSent(BulkSent sent) {
    if (run == null) {
      log().debug("{}: late {} ignored", workload.kind(), sent.getClass().getSimpleName());
      return this;
    }
    if (sent.error() != null) {
      log().error("{} bulk could not be sent", workload.kind(), sent.error());
      finish(SendOutcome.RETRYING, "internal error: " + sent.error());
      return this;
    }
    BulkResult result = sent.result();
    link.sent(result.postedBytes());
    run.bulkSent(result);
    dropLog.bulkSent(result);
    List<String> toDelete = run.keysToDelete(result);
    if (result.failure().isEmpty()
        && stopping == null
        && run.takesNextBulk(config.maxBulksPerTick())) {
      readNextBulk(toDelete);
    } else {
      deleteThenGoOn(toDelete);
    }
    return this;
  }

  private void onDeleted() {
    BulkResult last = run.lastResult;
    if (last.failure().isPresent()) {
      DatadogClient.Response failure = last.failure().get();
      run.failure = failure;
      finish(SendOutcome.after(failure), failure.describe());
      return;
    }
    if (run.takesNextBulk(config.maxBulksPerTick())) {
      log().debug("{} backlog: sending bulk {} in the same run", workload.kind(), run.bulks + 1);
      run.reportProgress(status, clock.instant());
      collectKeys();
    } else {
      finish(SendOutcome.DELIVERED, "");
    }
  }

  /** Ends the run: backoff, the operator's log line, status and report, then self-metrics. */
  private void finish(SendOutcome outcome, String detail) {
    run.ahead = null;
    run.prepared = null;
    List<NewRecord> selfMetrics = ending.end(run, outcome, detail, clock.instant());
    if (selfMetrics.isEmpty()) {
      complete();
    } else {
      ask(
          RunStage.SELF_METRICS,
          r -> new StorageActor.StoreRecords(Queue.RAW_METRICS, selfMetrics, r));
    }
  }

  private void complete() {
    SendRun finished = run;
    run = null;
    reply(finished.replyTo, finished.report);
    if (stopping != null) {
      stopping.tell(Done.getInstance());
    }
  }

  private void ask(
      RunStage stage, Function<ActorRef<StorageActor.Reply>, StorageActor.Command> request) {
    SendRun asking = run;
    getContext()
        .ask(
            StorageActor.Reply.class,
            storage,
            config.storageTimeout(),
            request::apply,
            (reply, error) -> new StorageAnswered(asking, stage, reply, error));
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

  private Behavior<Command> closeClient() {
    shutdownTask.cancel();
    client.close();
    return this;
  }

  private Logger log() {
    return getContext().getLog();
  }
}
