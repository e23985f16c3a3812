package io.chouette.core.collect;

import io.chouette.core.BlockingIo;
import io.chouette.core.collect.spi.CollectorPlugin;
import io.chouette.core.metric.WrappedMetric;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.event.Level;

/**
 * Wraps one {@link CollectorPlugin}: runs its blocking {@code collect()} on {@code
 * chouette.blocking-io-dispatcher} and answers a {@link StatsRequest} with a {@link StatsResponse}.
 * The run in progress is an {@link InterruptibleRun}, tracked by {@link CurrentRun}.
 *
 * <p>Failure policy (DESIGN §2, §7):
 *
 * <ul>
 *   <li>A run that takes longer than the timeout (the capture interval) is reported once, its
 *       thread is interrupted, and nothing is answered for that tick; its late result, if any, is
 *       dropped. While it still runs, further requests are skipped, so a hanging source never holds
 *       more than one blocking thread.
 *   <li>A plugin whose {@code collect()} throws an {@link Exception} makes this actor fail; {@link
 *       #create} supervises it with {@link SupervisorStrategy#restartWithBackoff}, closing the
 *       plugin before the restart so that it reconnects lazily.
 *   <li>A plugin that throws an {@link Error} (a missing class, an assertion) is broken for good:
 *       the actor logs it and stops, and the collector drops it. An {@code Error} is never rethrown
 *       into the actor system, where it could take the whole daemon down.
 * </ul>
 */
public final class PluginActor extends AbstractBehavior<PluginActor.Command> {

  /** Messages a plugin actor accepts. */
  public sealed interface Command {}

  /**
   * Collect now and answer {@code replyTo}. A request older than the timeout when it is handled
   * (one stashed during a restart back-off, say) is skipped.
   *
   * @param requestedAt when the collector sent it
   */
  public record StatsRequest(Instant requestedAt, ActorRef<StatsResponse> replyTo)
      implements Command {
    public StatsRequest {
      Objects.requireNonNull(requestedAt, "requestedAt");
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /** One reading of a plugin: its name and its gauges. */
  public record StatsResponse(String producer, List<WrappedMetric> metrics) {
    public StatsResponse {
      metrics = List.copyOf(metrics);
    }
  }

  /** How failed plugins are restarted. */
  public record Backoff(Duration min, Duration max, Duration resetAfter) {
    /** 1 s doubling up to 1 min; forgotten after three quiet minutes. */
    public static final Backoff DEFAULT =
        new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(3));
  }

  /** Thrown inside the actor when {@code collect()} threw, so that supervision restarts it. */
  static final class PluginFailedException extends RuntimeException {
    PluginFailedException(String plugin, Throwable cause) {
      super("plugin " + plugin + " failed: " + cause, cause);
    }
  }

  private record CollectFinished(long run, List<WrappedMetric> metrics, Throwable failure)
      implements Command {}

  private record CollectTimedOut(long run) implements Command {}

  /** The timer that ends a run which takes longer than the timeout. */
  private static final Object TIMEOUT_TIMER = "collect-timeout";

  /**
   * The plugin's actor, supervised: an exception from {@code collect()} restarts it with {@code
   * backoff}.
   *
   * @param timeout how long one {@code collect()} may take (the capture interval)
   */
  public static Behavior<Command> create(
      CollectorPlugin plugin, Duration timeout, Backoff backoff, Clock clock) {
    Behavior<Command> behavior =
        Behaviors.setup(
            context ->
                Behaviors.withTimers(
                    timers -> new PluginActor(context, timers, plugin, timeout, clock)));
    return Behaviors.supervise(behavior)
        .onFailure(
            Exception.class,
            SupervisorStrategy.restartWithBackoff(backoff.min(), backoff.max(), 0.2)
                .withResetBackoffAfter(backoff.resetAfter())
                // degraded but recovering: the daemon goes on without this plugin for a while
                .withLogLevel(Level.WARN));
  }

  private final TimerScheduler<Command> timers;
  private final CollectorPlugin plugin;
  private final Duration timeout;
  private final Clock clock;
  private final Executor blocking;
  private final CurrentRun run = new CurrentRun();

  private PluginActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      CollectorPlugin plugin,
      Duration timeout,
      Clock clock) {
    super(context);
    this.timers = timers;
    this.plugin = plugin;
    this.timeout = timeout;
    this.clock = clock;
    this.blocking = context.getSystem().dispatchers().lookup(BlockingIo.dispatcher());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(StatsRequest.class, this::onStatsRequest)
        .onMessage(CollectFinished.class, this::onCollectFinished)
        .onMessage(CollectTimedOut.class, this::onCollectTimedOut)
        .onSignal(PreRestart.class, signal -> onPreRestart())
        .onSignal(PostStop.class, signal -> onPostStop())
        .build();
  }

  private Behavior<Command> onStatsRequest(StatsRequest request) {
    Instant now = clock.instant();
    if (Duration.between(request.requestedAt(), now).compareTo(timeout) > 0) {
      getContext()
          .getLog()
          .debug("plugin {}: stale request from {} skipped", plugin.name(), request.requestedAt());
      return this;
    }
    if (run.inFlight()) {
      getContext()
          .getLog()
          .warn(
              "plugin {} is still collecting (started {}s ago); skipped for this tick",
              plugin.name(),
              run.runningFor(now).toSeconds());
      return this;
    }
    InterruptibleRun task = run.start(plugin::collect, request.replyTo(), now);
    long thisRun = run.number();
    getContext()
        .pipeToSelf(
            task.result(), (metrics, failure) -> new CollectFinished(thisRun, metrics, failure));
    timers.startSingleTimer(TIMEOUT_TIMER, new CollectTimedOut(thisRun), timeout);
    blocking.execute(task);
    return this;
  }

  private Behavior<Command> onCollectTimedOut(CollectTimedOut message) {
    if (!run.isCurrent(message.run()) || !run.inFlight()) {
      return this;
    }
    getContext()
        .getLog()
        .warn(
            "plugin {} did not answer within {}s; skipped for this tick",
            plugin.name(),
            timeout.toSeconds());
    run.timeOut();
    return this;
  }

  private Behavior<Command> onCollectFinished(CollectFinished finished) {
    if (!run.isCurrent(finished.run())) {
      return this;
    }
    run.finish();
    timers.cancel(TIMEOUT_TIMER);
    if (run.timedOut()) {
      getContext()
          .getLog()
          .debug("plugin {}: late result of a timed-out run dropped", plugin.name());
      return this;
    }
    Throwable failure = finished.failure();
    if (failure == null) {
      // Tolerate a sloppy plugin (null list or elements): there is simply nothing to store.
      List<WrappedMetric> metrics =
          finished.metrics() == null
              ? List.of()
              : finished.metrics().stream().filter(Objects::nonNull).toList();
      run.replyTo().tell(new StatsResponse(plugin.name(), metrics));
      return this;
    }
    if (failure instanceof Error) {
      getContext()
          .getLog()
          .error(
              "plugin {} is broken and is stopped: {}", plugin.name(), failure.toString(), failure);
      return Behaviors.stopped();
    }
    // A bug in the plugin, not an expected failure (those are logged by the plugin, which returns
    // nothing): let supervision restart it with back-off.
    throw new PluginFailedException(plugin.name(), failure);
  }

  private Behavior<Command> onPreRestart() {
    closePlugin();
    return this;
  }

  private Behavior<Command> onPostStop() {
    if (run.inFlight()) {
      run.interrupt();
    } else {
      closePlugin();
    }
    return this;
  }

  private void closePlugin() {
    try {
      plugin.close();
    } catch (RuntimeException e) {
      getContext().getLog().warn("plugin {}: close failed: {}", plugin.name(), e.toString());
    }
  }
}
