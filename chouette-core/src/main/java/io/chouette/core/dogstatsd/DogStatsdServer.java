package io.chouette.core.dogstatsd;

import io.chouette.core.config.DogStatsdConfig;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The DogStatsD UDP listener and its in-memory per-interval buckets.
 *
 * <p>Skeleton: the listener is issue #6.
 */
public final class DogStatsdServer extends AbstractBehavior<DogStatsdServer.Command> {

  /** Messages the server accepts. */
  public sealed interface Command {}

  /** Stop listening (graceful shutdown). */
  public enum Stop implements Command {
    INSTANCE
  }

  public static Behavior<Command> create(DogStatsdConfig config) {
    return Behaviors.setup(
        context -> {
          context
              .getLog()
              .info(
                  "DogStatsD server {}",
                  config.enabled() ? "not implemented yet" : "disabled (DOGSTATSD_PORT=0)");
          return new DogStatsdServer(context);
        });
  }

  private DogStatsdServer(ActorContext<Command> context) {
    super(context);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessageEquals(Stop.INSTANCE, Behaviors::stopped).build();
  }
}
