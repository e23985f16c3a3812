package io.chouette.core.send;

import io.chouette.core.config.SenderConfig;
import io.chouette.core.storage.StorageActor;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Wrapped metrics to Datadog's /v1/series, every {@code RELEASE_INTERVAL}.
 *
 * <p>Skeleton: sending is issue #5.
 */
public final class MetricsSender extends AbstractBehavior<MetricsSender.Command> {

  /** Messages the sender accepts. */
  public sealed interface Command {}

  /** The guardian's tick: send what is queued. */
  public enum Release implements Command {
    INSTANCE
  }

  public static Behavior<Command> create(
      SenderConfig config, ActorRef<StorageActor.Command> storage, Clock clock) {
    return Behaviors.setup(context -> new MetricsSender(context));
  }

  private MetricsSender(ActorContext<Command> context) {
    super(context);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessageEquals(Release.INSTANCE, this::onRelease).build();
  }

  private Behavior<Command> onRelease() {
    getContext().getLog().debug("release tick");
    return this;
  }
}
