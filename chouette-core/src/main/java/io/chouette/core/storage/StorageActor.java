package io.chouette.core.storage;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The only actor that talks to the store. A dedicated I/O actor: spawn it on {@code
 * chouette.blocking-io-dispatcher}, because every message is a blocking call on the {@link
 * StorageEngine}.
 *
 * <p>Every command answers {@code replyTo} with one {@link Reply}: the operation's result, or
 * {@link Failed} when the store could not do it (the actor itself keeps running).
 *
 * <p>Once per aggregation tick ({@link EnforceBound}) it brings the store back within its bound and
 * writes what it dropped ({@code chouette.dropped.<type>} {reason:storage_full}) and the store's
 * errors ({@code chouette.storage.errors} {operation}) as raw self-metrics. {@link GetStatus} tells
 * health whether the store is full or failing ({@link StoreCondition}).
 */
public final class StorageActor extends AbstractBehavior<StorageActor.Command> {

  /** Messages the Storage actor accepts. */
  public sealed interface Command {}

  /** Remove records older than now − ttl. Answers {@link CleanedUp}. */
  public record CleanupOutdated(Queue queue, Duration ttl, ActorRef<Reply> replyTo)
      implements Command {}

  /** The oldest {@code amount} keys (0 = all), oldest first. Answers {@link KeysCollected}. */
  public record CollectKeys(Queue queue, int amount, ActorRef<Reply> replyTo) implements Command {}

  /**
   * The oldest {@code amount} keys (0 = all) stamped at or after {@code sinceSeconds}, oldest
   * first. Answers {@link KeysCollected}.
   */
  public record CollectKeysSince(
      Queue queue, double sinceSeconds, int amount, ActorRef<Reply> replyTo) implements Command {}

  /** The records for {@code keys}; missing ones skipped. Answers {@link ValuesCollected}. */
  public record CollectValues(Queue queue, List<String> keys, ActorRef<Reply> replyTo)
      implements Command {
    public CollectValues {
      keys = List.copyOf(keys);
    }
  }

  /** Remove these records. Answers {@link RecordsDeleted}. */
  public record DeleteRecords(Queue queue, List<String> keys, ActorRef<Reply> replyTo)
      implements Command {
    public DeleteRecords {
      keys = List.copyOf(keys);
    }
  }

  /** Add records under new keys. Answers {@link RecordsStored}. */
  public record StoreRecords(Queue queue, List<NewRecord> records, ActorRef<Reply> replyTo)
      implements Command {
    public StoreRecords {
      records = List.copyOf(records);
    }
  }

  /** Count the records of a queue. Answers {@link QueueSized}. */
  public record GetQueueSize(Queue queue, ActorRef<Reply> replyTo) implements Command {}

  /**
   * Store {@code records} in {@code target} and delete {@code keys} from {@code source} in one step
   * (the aggregator's hand-over). Answers {@link StoredAndDeleted}.
   */
  public record StoreAndDelete(
      Queue target,
      List<NewRecord> records,
      Queue source,
      List<String> keys,
      ActorRef<Reply> replyTo)
      implements Command {
    public StoreAndDelete {
      records = List.copyOf(records);
      keys = List.copyOf(keys);
    }
  }

  /** Whether the store answers (health). Answers {@link Reachability}. */
  public record CheckReachable(ActorRef<Reply> replyTo) implements Command {}

  /**
   * Drop the oldest records while the store is over its bound, log and count the drops, and write
   * the pending self-metrics. Sent once per aggregation tick; answers nothing.
   */
  public enum EnforceBound implements Command {
    INSTANCE
  }

  /** Whether the store is full or failing (health). Answers {@link Status}. */
  public record GetStatus(ActorRef<Reply> replyTo) implements Command {}

  /** Replies of the Storage actor. */
  public sealed interface Reply {}

  public record CleanedUp(Queue queue, long removed) implements Reply {}

  public record KeysCollected(Queue queue, List<StoredKey> keys) implements Reply {
    public KeysCollected {
      keys = List.copyOf(keys);
    }
  }

  public record ValuesCollected(Queue queue, List<StoredRecord> records) implements Reply {
    public ValuesCollected {
      records = List.copyOf(records);
    }
  }

  public record RecordsDeleted(Queue queue, long deleted) implements Reply {}

  public record RecordsStored(Queue queue, List<String> keys) implements Reply {
    public RecordsStored {
      keys = List.copyOf(keys);
    }
  }

  public record QueueSized(Queue queue, long size) implements Reply {}

  public record StoredAndDeleted(Queue target, int stored, Queue source, int deleted)
      implements Reply {}

  public record Reachability(boolean reachable) implements Reply {}

  /**
   * The store's condition: the records the last bound check dropped per queue (empty when it was
   * within its bound), and the health reasons ({@code storage_full}, {@code storage_fault: <kind>:
   * <message>}); no reasons means ok.
   */
  public record Status(String bound, Map<Queue, Long> lastDropped, List<String> reasons)
      implements Reply {
    public Status {
      lastDropped = Map.copyOf(lastDropped);
      reasons = List.copyOf(reasons);
    }
  }

  /** The store could not perform {@code operation}; nothing was changed by this actor. */
  public record Failed(String operation, String reason) implements Reply {}

  /** Spawn with {@code DispatcherSelector.fromConfig("chouette.blocking-io-dispatcher")}. */
  public static Behavior<Command> create(StorageEngine engine) {
    return create(engine, Clock.systemUTC());
  }

  /** As {@link #create(StorageEngine)}; {@code clock} stamps self-metrics and ages faults. */
  public static Behavior<Command> create(StorageEngine engine, Clock clock) {
    return create(engine, clock, true);
  }

  /**
   * As {@link #create(StorageEngine, Clock)}; with {@code selfMetrics} false ({@code
   * SEND_SELF_METRICS=false}) drops and errors are logged and reported to health but not written.
   */
  public static Behavior<Command> create(StorageEngine engine, Clock clock, boolean selfMetrics) {
    return Behaviors.setup(context -> new StorageActor(context, engine, clock, selfMetrics));
  }

  private final StorageEngine engine;
  private final Clock clock;
  private final boolean selfMetrics;
  private final StoreCondition condition = new StoreCondition();

  private StorageActor(
      ActorContext<Command> context, StorageEngine engine, Clock clock, boolean selfMetrics) {
    super(context);
    this.engine = engine;
    this.clock = clock;
    this.selfMetrics = selfMetrics;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(CleanupOutdated.class, this::onCleanupOutdated)
        .onMessage(CollectKeys.class, this::onCollectKeys)
        .onMessage(CollectKeysSince.class, this::onCollectKeysSince)
        .onMessage(CollectValues.class, this::onCollectValues)
        .onMessage(DeleteRecords.class, this::onDeleteRecords)
        .onMessage(StoreRecords.class, this::onStoreRecords)
        .onMessage(GetQueueSize.class, this::onGetQueueSize)
        .onMessage(StoreAndDelete.class, this::onStoreAndDelete)
        .onMessage(CheckReachable.class, this::onCheckReachable)
        .onMessageEquals(EnforceBound.INSTANCE, this::onEnforceBound)
        .onMessage(GetStatus.class, this::onGetStatus)
        .build();
  }

  private Behavior<Command> onCleanupOutdated(CleanupOutdated command) {
    return answer(
        command.replyTo(),
        "cleanupOutdated " + command.queue(),
        () ->
            new CleanedUp(command.queue(), engine.cleanupOutdated(command.queue(), command.ttl())));
  }

  private Behavior<Command> onCollectKeys(CollectKeys command) {
    return answer(
        command.replyTo(),
        "collectKeys " + command.queue(),
        () ->
            new KeysCollected(
                command.queue(), engine.collectKeys(command.queue(), command.amount())));
  }

  private Behavior<Command> onCollectKeysSince(CollectKeysSince command) {
    return answer(
        command.replyTo(),
        "collectKeysSince " + command.queue(),
        () ->
            new KeysCollected(
                command.queue(),
                engine.collectKeysSince(
                    command.queue(), command.sinceSeconds(), command.amount())));
  }

  private Behavior<Command> onCollectValues(CollectValues command) {
    return answer(
        command.replyTo(),
        "collectValues " + command.queue(),
        () ->
            new ValuesCollected(
                command.queue(), engine.collectValues(command.queue(), command.keys())));
  }

  private Behavior<Command> onDeleteRecords(DeleteRecords command) {
    return answer(
        command.replyTo(),
        "deleteRecords " + command.queue(),
        () ->
            new RecordsDeleted(
                command.queue(), engine.deleteRecords(command.queue(), command.keys())));
  }

  private Behavior<Command> onStoreRecords(StoreRecords command) {
    return answer(
        command.replyTo(),
        "storeRecords " + command.queue(),
        () ->
            new RecordsStored(
                command.queue(), engine.storeRecords(command.queue(), command.records())));
  }

  private Behavior<Command> onGetQueueSize(GetQueueSize command) {
    return answer(
        command.replyTo(),
        "queueSize " + command.queue(),
        () -> new QueueSized(command.queue(), engine.queueSize(command.queue())));
  }

  private Behavior<Command> onStoreAndDelete(StoreAndDelete command) {
    return answer(
        command.replyTo(),
        "storeAndDelete " + command.target() + " <- " + command.source(),
        () -> {
          engine.storeAndDelete(
              command.target(), command.records(), command.source(), command.keys());
          return new StoredAndDeleted(
              command.target(), command.records().size(), command.source(), command.keys().size());
        });
  }

  private Behavior<Command> onCheckReachable(CheckReachable command) {
    return answer(command.replyTo(), "isReachable", () -> new Reachability(engine.isReachable()));
  }

  private Behavior<Command> onEnforceBound() {
    Map<Queue, Long> dropped = attempt("enforceBound", engine::enforceBound);
    if (dropped != null) {
      condition.boundChecked(dropped);
      if (!dropped.isEmpty()) {
        getContext()
            .getLog()
            .warn(
                "storage_full: the store is over its bound of {}; dropped the oldest records: {}",
                engine.describeBound(),
                describe(dropped));
      }
    }
    if (!selfMetrics) {
      condition.clearPending(); // not written: count from zero again
      return this;
    }
    List<NewRecord> self = condition.pendingSelfMetrics(clock.millis() / 1000.0);
    if (!self.isEmpty()
        && attempt(
                "storeRecords " + Queue.RAW_METRICS,
                () -> engine.storeRecords(Queue.RAW_METRICS, self))
            != null) {
      condition.clearPending();
    }
    return this;
  }

  private static String describe(Map<Queue, Long> dropped) {
    return dropped.entrySet().stream()
        .map(drop -> drop.getKey().dataType() + "=" + drop.getValue())
        .collect(Collectors.joining(", "));
  }

  private Behavior<Command> onGetStatus(GetStatus command) {
    command
        .replyTo()
        .tell(
            new Status(
                engine.describeBound(),
                condition.lastDropped(),
                condition.reasons(clock.millis())));
    return this;
  }

  private Behavior<Command> answer(
      ActorRef<Reply> replyTo, String operation, Supplier<Reply> work) {
    Reply reply;
    try {
      reply = recorded(operation, work);
    } catch (StorageException e) {
      reply = new Failed(operation, e.getMessage());
    }
    replyTo.tell(reply);
    return this;
  }

  /** Runs {@code work} for the actor itself; a store failure is recorded and gives null. */
  private <T> T attempt(String operation, Supplier<T> work) {
    try {
      return recorded(operation, work);
    } catch (StorageException e) {
      return null;
    }
  }

  /** Runs {@code work}, recording its success or its failure (which it rethrows). */
  private <T> T recorded(String operation, Supplier<T> work) {
    try {
      T result = work.get();
      condition.succeeded(operation);
      return result;
    } catch (StorageException e) {
      failed(operation, e);
      throw e;
    }
  }

  private void failed(String operation, StorageException e) {
    // Expected when the store is down or full: report it, keep running, the caller retries.
    getContext().getLog().warn("storage {} failed: {}", operation, e.getMessage());
    condition.failed(operation, e.getMessage(), clock.millis());
  }
}
