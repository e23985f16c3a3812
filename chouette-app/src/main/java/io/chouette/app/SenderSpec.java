package io.chouette.app;

import io.chouette.core.send.QueueSender;
import io.chouette.core.send.SenderStatus;
import io.chouette.core.storage.StorageActor;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * One sender the guardian spawns and ticks on every release: its kind ({@code metrics}, {@code
 * logs}, ...), which names the actor ({@code <kind>-sender}) and its entry in the health report,
 * the status the health endpoint reads, and how to build it once the Storage actor exists.
 */
public record SenderSpec(
    String kind,
    SenderStatus status,
    Function<ActorRef<StorageActor.Command>, Behavior<QueueSender.Command>> behavior) {

  /** The actor's name. */
  String actorName() {
    return kind + "-sender";
  }
}
