package io.chouette.core.dogstatsd;

import io.chouette.core.aggregate.MetricsWrapper;
import io.chouette.core.aggregate.SketchRecords;
import io.chouette.core.config.DogStatsdConfig;
import io.chouette.core.metric.MergedMetric;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The DogStatsD listener (DESIGN §6, DOGSTATSD.md). It owns {@link DogStatsdListeners}: for each
 * transport (UDP {@code DOGSTATSD_HOST:DOGSTATSD_PORT}, the Unix datagram socket {@code
 * DOGSTATSD_SOCKET}, the Unix stream socket {@code DOGSTATSD_STREAM_SOCKET}) dedicated threads that
 * read it and aggregate each datagram into the shared {@link DogStatsdBuckets}, without one actor
 * message per datagram. The MetricsAggregator drains the closed buckets on its tick.
 *
 * <p>On graceful shutdown (CoordinatedShutdown phase {@code before-actor-system-terminate}, while
 * the Storage actor still runs) the server stops listening, wraps every bucket, open ones included,
 * with {@code METRICS_WRAPPER} and stores the series in the wrapped queue (and the distributions'
 * sketches in theirs), so that no received sample is lost. When the socket cannot be bound the
 * actor fails: the guardian's supervision retries, then stops Chouette with a non-zero status.
 * Until the socket is bound (after a short warm-up on the receiving thread), requests wait in a
 * stash.
 *
 * <p>Events and service checks do not wait for a bucket to close: every {@link
 * #STORE_PENDING_EVERY} the server stores those received since ({@link
 * DogStatsdBuckets#pendingEvents()}) in their wrapped queues, and removes from memory exactly what
 * the store took; when the store fails they wait for the next attempt. The shutdown flush stores
 * them too.
 */
public final class DogStatsdServer extends AbstractBehavior<DogStatsdServer.Command> {

  /** Messages the server accepts. */
  public sealed interface Command {}

  /** Stop listening and stop the actor; samples stay in the buckets for the aggregator. */
  public enum Stop implements Command {
    INSTANCE
  }

  /**
   * Stop listening, then wrap every bucket (open ones too) and store the series in the wrapped
   * queue and the distributions' sketches in the sketches queue. Answers {@link Flushed} once the
   * Storage actor has answered. The shutdown task sends it; later datagrams are not read.
   */
  public record Flush(ActorRef<Flushed> replyTo) implements Command {}

  /**
   * The answer to {@link Flush}.
   *
   * @param series how many wrapped series were written
   * @param stored false when the store refused them or the sketches (logged at ERROR)
   */
  public record Flushed(int series, boolean stored) {}

  /** Where the server listens. Answers {@link ListenAddress}. */
  public record GetListenAddress(ActorRef<ListenAddress> replyTo) implements Command {}

  /** The bound address; empty when disabled or no longer listening. */
  public record ListenAddress(Optional<InetSocketAddress> address) {}

  private record Started(DogStatsdListeners receiver, Throwable failure) implements Command {}

  /** Timer tick: store the events and service checks received since the last one. */
  private enum StorePending implements Command {
    INSTANCE
  }

  /** The store answered ({@code reply}) or did not ({@code failure}) for {@code count} records. */
  private record PendingStored(Queue queue, int count, StorageActor.Reply reply, Throwable failure)
      implements Command {}

  /** A shutdown flush under way: series first, then the sketches left. */
  private record FlushProgress(
      ActorRef<Flushed> replyTo, int series, boolean stored, List<NewRecord> sketchesLeft) {

    FlushProgress failed() {
      return new FlushProgress(replyTo, series, false, sketchesLeft);
    }

    FlushProgress withoutSketches() {
      return new FlushProgress(replyTo, series, stored, List.of());
    }
  }

  private record FlushStored(
      FlushProgress progress, Queue queue, int records, StorageActor.Reply reply, Throwable failure)
      implements Command {}

  private static final int STASH_CAPACITY = 1_000;

  /** The CoordinatedShutdown task's name. */
  static final String SHUTDOWN_TASK = "dogstatsd-flush";

  /** How often received events and service checks are stored. */
  static final Duration STORE_PENDING_EVERY = Duration.ofSeconds(1);

  private static final Object STORE_PENDING_TIMER = "store-pending";

  private final DogStatsdBuckets buckets;
  private final MetricsWrapper wrapper;
  private final ActorRef<StorageActor.Command> storage;
  private final Duration flushTimeout;
  private DogStatsdListeners receiver;
  private Cancellable shutdownTask;

  private final PendingHandOver pending;

  /**
   * @param config the listener's settings; {@code DOGSTATSD_PORT=0} without a socket makes this an
   *     idle actor
   * @param buckets the in-memory buckets, shared with the MetricsAggregator
   * @param wrapper {@code METRICS_WRAPPER}, for the shutdown flush
   * @param storage where the shutdown flush writes
   */
  public static Behavior<Command> create(
      DogStatsdConfig config,
      DogStatsdBuckets buckets,
      MetricsWrapper wrapper,
      ActorRef<StorageActor.Command> storage) {
    return create(config, config.port() != 0, buckets, wrapper, storage);
  }

  /**
   * With {@code listen}, binds UDP on {@code config.port()} even when it is 0, i.e. an ephemeral
   * port; the configured Unix sockets are bound either way.
   */
  // visible for testing
  static Behavior<Command> create(
      DogStatsdConfig config,
      boolean listen,
      DogStatsdBuckets buckets,
      MetricsWrapper wrapper,
      ActorRef<StorageActor.Command> storage) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  if (!listen && !config.sockets().any()) {
                    context.getLog().info("DogStatsD server disabled (DOGSTATSD_PORT=0)");
                    return new DogStatsdServer(
                        context, timers, null, config, buckets, wrapper, storage);
                  }
                  // Warming up and binding happen on the receiving thread, never on this
                  // dispatcher.
                  CompletableFuture<DogStatsdListeners> starting =
                      DogStatsdListeners.start(config, listen, buckets);
                  context.pipeToSelf(starting, Started::new);
                  return Behaviors.withStash(
                      STASH_CAPACITY,
                      stash ->
                          starting(
                              context, timers, stash, starting, config, buckets, wrapper, storage));
                }));
  }

  /** Until the socket is bound: requests wait in the stash. */
  private static Behavior<Command> starting(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      StashBuffer<Command> stash,
      CompletableFuture<DogStatsdListeners> starting,
      DogStatsdConfig config,
      DogStatsdBuckets buckets,
      MetricsWrapper wrapper,
      ActorRef<StorageActor.Command> storage) {
    return Behaviors.receive(Command.class)
        .onMessage(
            Started.class,
            started -> {
              if (started.failure() != null) {
                Throwable cause =
                    started.failure() instanceof CompletionException
                            && started.failure().getCause() != null
                        ? started.failure().getCause()
                        : started.failure();
                throw new IllegalStateException("DogStatsD cannot listen: " + cause, cause);
              }
              return stash.unstashAll(
                  new DogStatsdServer(
                      context, timers, started.receiver(), config, buckets, wrapper, storage));
            })
        .onSignal(PostStop.class, signal -> abandon(starting))
        .onSignal(PreRestart.class, signal -> abandon(starting))
        .onAnyMessage(
            message -> {
              stash.stash(message);
              return Behaviors.same();
            })
        .build();
  }

  /** Stopped while binding: make sure the socket, if it gets bound, is closed again. */
  private static Behavior<Command> abandon(CompletableFuture<DogStatsdListeners> starting) {
    if (!starting.cancel(false) && !starting.isCompletedExceptionally()) {
      starting.getNow(null).close();
    }
    return Behaviors.same();
  }

  private DogStatsdServer(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      DogStatsdListeners receiver,
      DogStatsdConfig config,
      DogStatsdBuckets buckets,
      MetricsWrapper wrapper,
      ActorRef<StorageActor.Command> storage) {
    super(context);
    this.receiver = receiver;
    this.buckets = buckets;
    this.wrapper = wrapper;
    this.storage = storage;
    this.pending = new PendingHandOver(buckets, context.getLog());
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(context.getSystem());
    String phase = CoordinatedShutdown.PhaseBeforeActorSystemTerminate();
    this.flushTimeout = Duration.ofNanos(shutdown.timeout(phase).toNanos());
    if (receiver == null) {
      return;
    }
    timers.startTimerWithFixedDelay(
        STORE_PENDING_TIMER, StorePending.INSTANCE, STORE_PENDING_EVERY);
    ListenerLog.started(context.getLog(), receiver, config);
    ActorRef<Command> self = context.getSelf();
    ActorSystem<Void> system = context.getSystem();
    shutdownTask =
        shutdown.addCancellableTask(
            phase,
            SHUTDOWN_TASK,
            () ->
                AskPattern.<Command, Flushed>ask(self, Flush::new, flushTimeout, system.scheduler())
                    .thenApply(flushed -> Done.getInstance()));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(StorePending.INSTANCE, this::onStorePending)
        .onMessage(PendingStored.class, this::onPendingStored)
        .onMessage(Flush.class, this::onFlush)
        .onMessage(FlushStored.class, this::onFlushStored)
        .onMessage(GetListenAddress.class, this::onGetListenAddress)
        .onMessageEquals(Stop.INSTANCE, this::onStop)
        .onSignal(PostStop.class, signal -> onPostStop())
        .onSignal(PreRestart.class, signal -> onPostStop())
        .build();
  }

  private Behavior<Command> onStorePending() {
    for (PendingHandOver.Request request : pending.due(receiver != null)) {
      getContext()
          .ask(
              StorageActor.Reply.class,
              storage,
              flushTimeout,
              replyTo -> new StorageActor.StoreRecords(request.queue(), request.records(), replyTo),
              (reply, failure) ->
                  new PendingStored(request.queue(), request.records().size(), reply, failure));
    }
    return this;
  }

  private Behavior<Command> onPendingStored(PendingStored stored) {
    pending.answered(
        stored.queue(),
        stored.count(),
        stored.reply() instanceof StorageActor.RecordsStored,
        stored.failure() != null ? stored.failure().toString() : String.valueOf(stored.reply()));
    return this;
  }

  private Behavior<Command> onFlush(Flush flush) {
    closeReceiver();
    // Asked before the series: the store has taken them when the flush is answered.
    onStorePending();
    List<MergedMetric> merged = buckets.drainClosed(Double.POSITIVE_INFINITY, true);
    // a disabled server has no wrapper, and nothing to wrap
    List<NewRecord> series = merged.isEmpty() ? List.of() : wrapper.wrapAll(merged);
    List<NewRecord> sketches = SketchRecords.of(buckets.takeClosedSketches());
    getContext()
        .getLog()
        .info(
            "DogStatsD flush: {} series and {} sketches from the last buckets",
            series.size(),
            sketches.size());
    storeFlushed(
        new FlushProgress(flush.replyTo(), series.size(), true, sketches),
        Queue.WRAPPED_METRICS,
        series);
    return this;
  }

  /** Stores {@code records} in {@code queue}, then the sketches still to store, then answers. */
  private void storeFlushed(FlushProgress progress, Queue queue, List<NewRecord> records) {
    if (records.isEmpty()) {
      flushStepDone(progress);
      return;
    }
    getContext()
        .ask(
            StorageActor.Reply.class,
            storage,
            flushTimeout,
            replyTo -> new StorageActor.StoreRecords(queue, records, replyTo),
            (reply, failure) -> new FlushStored(progress, queue, records.size(), reply, failure));
  }

  private void flushStepDone(FlushProgress progress) {
    if (progress.sketchesLeft().isEmpty()) {
      progress.replyTo().tell(new Flushed(progress.series(), progress.stored()));
      return;
    }
    storeFlushed(progress.withoutSketches(), Queue.WRAPPED_SKETCHES, progress.sketchesLeft());
  }

  private Behavior<Command> onFlushStored(FlushStored stored) {
    boolean ok = stored.reply() instanceof StorageActor.RecordsStored;
    if (!ok) {
      getContext()
          .getLog()
          .error(
              "DogStatsD: {} records of the last buckets could not be stored in {}: {}",
              stored.records(),
              stored.queue(),
              stored.failure() != null ? stored.failure().toString() : stored.reply());
    }
    flushStepDone(ok ? stored.progress() : stored.progress().failed());
    return this;
  }

  private Behavior<Command> onGetListenAddress(GetListenAddress request) {
    request
        .replyTo()
        .tell(
            new ListenAddress(
                Optional.ofNullable(receiver).flatMap(DogStatsdListeners::udpAddress)));
    return this;
  }

  private Behavior<Command> onStop() {
    closeReceiver();
    return Behaviors.stopped();
  }

  private Behavior<Command> onPostStop() {
    if (shutdownTask != null) {
      shutdownTask.cancel();
      shutdownTask = null;
    }
    closeReceiver();
    return this;
  }

  private void closeReceiver() {
    if (receiver != null) {
      receiver.close();
      receiver = null;
      getContext().getLog().info("DogStatsD server stopped listening: {}", buckets.totals());
    }
  }
}
