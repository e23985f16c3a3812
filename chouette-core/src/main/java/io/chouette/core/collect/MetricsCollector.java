package io.chouette.core.collect;

import io.chouette.core.collect.spi.CollectorPlugin;
import io.chouette.core.config.CollectorConfig;
import io.chouette.core.storage.StorageActor;
import java.time.Clock;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Asks its plugin children for stats every {@code CAPTURE_INTERVAL} and stores what they return in
 * the wrapped queue.
 *
 * <p>Skeleton: the plugin children are issue #7.
 */
public final class MetricsCollector extends AbstractBehavior<MetricsCollector.Command> {

  /** Messages the collector accepts. */
  public sealed interface Command {}

  /** The guardian's tick: collect from every plugin. */
  public enum Collect implements Command {
    INSTANCE
  }

  public static Behavior<Command> create(
      CollectorConfig config,
      List<CollectorPlugin> plugins,
      ActorRef<StorageActor.Command> storage,
      Clock clock) {
    return Behaviors.setup(context -> new MetricsCollector(context));
  }

  private MetricsCollector(ActorContext<Command> context) {
    super(context);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessageEquals(Collect.INSTANCE, this::onCollect).build();
  }

  private Behavior<Command> onCollect() {
    getContext().getLog().debug("collect tick");
    return this;
  }
}
