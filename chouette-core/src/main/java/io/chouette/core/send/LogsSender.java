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
 * The logs queue to Datadog's logs intake, every {@code RELEASE_INTERVAL}.
 *
 * <p>Skeleton: sending is issue #5.
 */
public final class LogsSender extends AbstractBehavior<LogsSender.Command> {

  /** Messages the sender accepts. */
  public sealed interface Command {}

  /** The guardian's tick: send what is queued. */
  public enum Release implements Command {
    INSTANCE
  }

  public static Behavior<Command> create(
      SenderConfig config, ActorRef<StorageActor.Command> storage, Clock clock) {
    return Behaviors.setup(context -> new LogsSender(context));
  }

  private LogsSender(ActorContext<Command> context) {
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
