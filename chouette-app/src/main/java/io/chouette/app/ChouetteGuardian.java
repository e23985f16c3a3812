package io.chouette.app;

import io.chouette.core.BlockingIo;
import io.chouette.core.aggregate.MetricsAggregator;
import io.chouette.core.collect.MetricsCollector;
import io.chouette.core.send.QueueSender;
import io.chouette.core.storage.StorageActor;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The user guardian (DESIGN §2): spawns the core actors, ticks them with fixed-rate timers aligned
 * to their intervals (the aggregation tick also makes the Storage actor enforce the store's bound),
 * and watches them. A core actor is restarted a bounded number of times; when one stops for good
 * the guardian runs CoordinatedShutdown with {@link CoreActorFailure}, which makes the process exit
 * non-zero.
 */
public final class ChouetteGuardian extends AbstractBehavior<ChouetteGuardian.Command> {

  /** Messages the guardian accepts; all internal. */
  public sealed interface Command {}

  private enum AggregateTick implements Command {
    INSTANCE
  }

  private enum CollectTick implements Command {
    INSTANCE
  }

  private enum ReleaseTick implements Command {
    INSTANCE
  }

  private record CoreActorTerminated(String name) implements Command {}

  /** Health endpoint: reachability of the store and queue sizes. */
  public record CheckStorage(ActorRef<HealthQuery.StorageHealth> replyTo) implements Command {}

  /**
   * The tick periods; from {@code AGGREGATE_INTERVAL}, {@code CAPTURE_INTERVAL}, {@code
   * RELEASE_INTERVAL}.
   */
  public record Schedule(Duration aggregate, Duration capture, Duration release) {}

  /** Restarts a core actor gets within {@link #RESTART_WINDOW} before it is stopped for good. */
  static final int MAX_RESTARTS = 3;

  static final Duration RESTART_WINDOW = Duration.ofMinutes(1);

  private static final Object AGGREGATE_TIMER = "aggregate";
  private static final Object COLLECT_TIMER = "collect";
  private static final Object RELEASE_TIMER = "release";

  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

  private final ActorRef<StorageActor.Command> storage;
  private final ActorRef<MetricsAggregator.Command> aggregator;
  private final ActorRef<MetricsCollector.Command> collector;
  private final List<ActorRef<QueueSender.Command>> senders = new ArrayList<>();

  public static Behavior<Command> create(CoreBehaviors behaviors, Schedule schedule, Clock clock) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> new ChouetteGuardian(context, timers, behaviors, schedule, clock)));
  }

  private ChouetteGuardian(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      CoreBehaviors behaviors,
      Schedule schedule,
      Clock clock) {
    super(context);
    storage = spawnCore(behaviors.storage(), "storage", BlockingIo.dispatcher());
    aggregator = spawnCore(behaviors.aggregator().apply(storage), "aggregator", null);
    collector = spawnCore(behaviors.collector().apply(storage), "collector", null);
    for (SenderSpec sender : behaviors.senders()) {
      senders.add(spawnCore(sender.behavior().apply(storage), sender.actorName(), null));
    }
    spawnCore(behaviors.dogStatsd().apply(storage), "dogstatsd", null);

    startAligned(timers, AGGREGATE_TIMER, AggregateTick.INSTANCE, schedule.aggregate(), clock);
    startAligned(timers, COLLECT_TIMER, CollectTick.INSTANCE, schedule.capture(), clock);
    startAligned(timers, RELEASE_TIMER, ReleaseTick.INSTANCE, schedule.release(), clock);
    context
        .getLog()
        .info(
            "Chouette started: aggregate every {}s, collect every {}s, release every {}s",
            schedule.aggregate().toSeconds(),
            schedule.capture().toSeconds(),
            schedule.release().toSeconds());
  }

  private <T> ActorRef<T> spawnCore(
      Behavior<T> behavior, String name, DispatcherSelector dispatcher) {
    Behavior<T> supervised =
        Behaviors.supervise(behavior)
            .onFailure(
                Exception.class,
                SupervisorStrategy.restart().withLimit(MAX_RESTARTS, RESTART_WINDOW));
    ActorRef<T> ref =
        dispatcher == null
            ? getContext().spawn(supervised, name)
            : getContext().spawn(supervised, name, dispatcher);
    getContext().watchWith(ref, new CoreActorTerminated(name));
    return ref;
  }

  private static void startAligned(
      TimerScheduler<Command> timers, Object key, Command tick, Duration interval, Clock clock) {
    timers.startTimerAtFixedRate(
        key, tick, Intervals.delayToNextMultiple(clock, interval), interval);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(AggregateTick.INSTANCE, this::onAggregateTick)
        .onMessageEquals(CollectTick.INSTANCE, this::onCollectTick)
        .onMessageEquals(ReleaseTick.INSTANCE, this::onReleaseTick)
        .onMessage(CoreActorTerminated.class, this::onCoreActorTerminated)
        .onMessage(CheckStorage.class, this::onCheckStorage)
        .build();
  }

  private Behavior<Command> onAggregateTick() {
    storage.tell(StorageActor.EnforceBound.INSTANCE);
    aggregator.tell(MetricsAggregator.Aggregate.INSTANCE);
    return this;
  }

  private Behavior<Command> onCollectTick() {
    collector.tell(MetricsCollector.Collect.INSTANCE);
    return this;
  }

  private Behavior<Command> onReleaseTick() {
    senders.forEach(sender -> sender.tell(QueueSender.Release.INSTANCE));
    return this;
  }

  private Behavior<Command> onCheckStorage(CheckStorage check) {
    getContext().spawnAnonymous(HealthQuery.create(storage, check.replyTo(), HEALTH_TIMEOUT));
    return this;
  }

  private Behavior<Command> onCoreActorTerminated(CoreActorTerminated terminated) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(getContext().getSystem());
    if (shutdown.getShutdownReason().isPresent()) {
      return this; // children stop as part of an orderly shutdown: nothing to report
    }
    getContext()
        .getLog()
        .error(
            "core actor '{}' stopped after {} restarts; shutting Chouette down so that it is"
                + " restarted",
            terminated.name(),
            MAX_RESTARTS);
    shutdown.runAll(CoreActorFailure.INSTANCE);
    return this;
  }
}
