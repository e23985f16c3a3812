package io.chouette.core.collect;

import io.chouette.core.collect.spi.CollectorPlugin;
import io.chouette.core.config.CollectorConfig;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Asks its plugin children for stats every {@code CAPTURE_INTERVAL} (on the guardian's {@link
 * Collect} tick) and has the Storage actor store what they answer in the wrapped queue.
 *
 * <p>One {@link PluginActor} child per plugin, spawned at start and watched: a plugin that stops
 * for good is logged once and dropped, and the others go on. The exchange is tell-style: a {@link
 * PluginActor.StatsRequest} carries the reply-to, a {@link PluginActor.StatsResponse} the
 * producer's name and its gauges. Each plugin tracks its own run, so a slow plugin delays nobody
 * else and never runs twice at once.
 */
public final class MetricsCollector extends AbstractBehavior<MetricsCollector.Command> {

  /** Messages the collector accepts. */
  public sealed interface Command {}

  /** The guardian's tick: collect from every plugin. */
  public enum Collect implements Command {
    INSTANCE
  }

  private record WrappedStatsResponse(PluginActor.StatsResponse response) implements Command {}

  private record WrappedStoreReply(
      String producer, int count, StorageActor.Reply reply, Throwable failure) implements Command {}

  private record PluginTerminated(String name) implements Command {}

  public static Behavior<Command> create(
      CollectorConfig config,
      List<CollectorPlugin> plugins,
      ActorRef<StorageActor.Command> storage,
      Clock clock) {
    return create(config, plugins, storage, clock, PluginActor.Backoff.DEFAULT);
  }

  /** As {@link #create(CollectorConfig, List, ActorRef, Clock)}, with the plugins' back-off. */
  public static Behavior<Command> create(
      CollectorConfig config,
      List<CollectorPlugin> plugins,
      ActorRef<StorageActor.Command> storage,
      Clock clock,
      PluginActor.Backoff backoff) {
    List<CollectorPlugin> copy = List.copyOf(plugins);
    return Behaviors.setup(
        context -> new MetricsCollector(context, config, copy, storage, clock, backoff));
  }

  private final CollectorConfig config;
  private final ActorRef<StorageActor.Command> storage;
  private final Clock clock;
  private final ActorRef<PluginActor.StatsResponse> responseAdapter;

  /** Live plugins by name, in configuration order. */
  private final Map<String, ActorRef<PluginActor.Command>> children = new LinkedHashMap<>();

  private MetricsCollector(
      ActorContext<Command> context,
      CollectorConfig config,
      List<CollectorPlugin> plugins,
      ActorRef<StorageActor.Command> storage,
      Clock clock,
      PluginActor.Backoff backoff) {
    super(context);
    this.config = config;
    this.storage = storage;
    this.clock = clock;
    this.responseAdapter =
        context.messageAdapter(PluginActor.StatsResponse.class, WrappedStatsResponse::new);
    Set<String> actorNames = new HashSet<>();
    for (CollectorPlugin plugin : plugins) {
      String name = plugin.name();
      if (children.containsKey(name)) {
        context.getLog().warn("plugin {} is listed twice; it runs once", name);
        continue;
      }
      ActorRef<PluginActor.Command> child =
          context.spawn(
              PluginActor.create(plugin, config.captureInterval(), backoff, clock),
              actorName(name, actorNames));
      context.watchWith(child, new PluginTerminated(name));
      children.put(name, child);
    }
    context
        .getLog()
        .info(
            "collecting every {}s from plugins {}",
            config.captureInterval().toSeconds(),
            children.keySet());
  }

  /** A unique, URI-safe child name ("plugin-host"). */
  private static String actorName(String plugin, Set<String> taken) {
    String base = "plugin-" + plugin.replaceAll("[^A-Za-z0-9_.-]", "_");
    String name = base;
    for (int i = 2; !taken.add(name); i++) {
      name = base + "-" + i;
    }
    return name;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Collect.INSTANCE, this::onCollect)
        .onMessage(WrappedStatsResponse.class, this::onStatsResponse)
        .onMessage(WrappedStoreReply.class, this::onStoreReply)
        .onMessage(PluginTerminated.class, this::onPluginTerminated)
        .build();
  }

  private Behavior<Command> onCollect() {
    getContext().getLog().debug("collect tick: asking {}", children.keySet());
    PluginActor.StatsRequest request =
        new PluginActor.StatsRequest(clock.instant(), responseAdapter);
    children.values().forEach(child -> child.tell(request));
    return this;
  }

  private Behavior<Command> onStatsResponse(WrappedStatsResponse wrapped) {
    PluginActor.StatsResponse response = wrapped.response();
    List<NewRecord> records = NewRecord.ofWrapped(response.metrics());
    int dropped = response.metrics().size() - records.size();
    if (dropped > 0) {
      getContext()
          .getLog()
          .warn(
              "plugin {} returned {} metrics with a value or timestamp that is not a finite"
                  + " number; they are dropped",
              response.producer(),
              dropped);
    }
    getContext()
        .getLog()
        .debug("plugin {} returned {} metrics", response.producer(), records.size());
    if (records.isEmpty()) {
      return this;
    }
    String producer = response.producer();
    int count = records.size();
    getContext()
        .ask(
            StorageActor.Reply.class,
            storage,
            config.captureInterval(),
            replyTo -> new StorageActor.StoreRecords(Queue.WRAPPED_METRICS, records, replyTo),
            (reply, failure) -> new WrappedStoreReply(producer, count, reply, failure));
    return this;
  }

  private Behavior<Command> onStoreReply(WrappedStoreReply stored) {
    if (stored.reply() instanceof StorageActor.RecordsStored) {
      getContext().getLog().debug("stored {} metrics from {}", stored.count(), stored.producer());
    } else if (stored.reply() instanceof StorageActor.Failed failed) {
      getContext()
          .getLog()
          .warn(
              "could not store {} metrics from plugin {}: {}",
              stored.count(),
              stored.producer(),
              failed.reason());
    } else {
      getContext()
          .getLog()
          .warn(
              "could not store {} metrics from plugin {}: {}",
              stored.count(),
              stored.producer(),
              stored.failure() == null ? stored.reply() : stored.failure().toString());
    }
    return this;
  }

  private Behavior<Command> onPluginTerminated(PluginTerminated terminated) {
    children.remove(terminated.name());
    getContext()
        .getLog()
        .error(
            "plugin {} stopped and is dropped; still collecting from {}",
            terminated.name(),
            children.keySet());
    return this;
  }
}
