package io.chouette.core.send;

import java.time.Duration;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Tells a sender that shutdown has begun and waits for its answer, in CoordinatedShutdown's {@code
 * service-requests-done} phase: before the actors stop, so the request in flight can finish and its
 * delivered records be deleted (DESIGN §5). A sender that does not answer within the phase's
 * timeout is stopped anyway; what it had not deleted is sent again after the restart.
 */
final class ShutdownHook {

  private ShutdownHook() {}

  /** Registers the task; cancel it when the actor stops or restarts. */
  static <C> Cancellable register(ActorContext<C> context, Function<ActorRef<Done>, C> stop) {
    ActorSystem<Void> system = context.getSystem();
    ActorRef<C> self = context.getSelf();
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    String phase = CoordinatedShutdown.PhaseServiceRequestsDone();
    Duration timeout = Duration.ofNanos(shutdown.timeout(phase).toNanos());
    return shutdown.addCancellableTask(
        phase,
        "stop-" + self.path().name(),
        () -> AskPattern.ask(self, stop::apply, timeout, system.scheduler()));
  }
}
