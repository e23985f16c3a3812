package io.chouette.app;

import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A short-lived child of the guardian that answers one health request: is the store reachable, how
 * long are the queues, and is it full or failing ({@link StorageActor.Status}). Stops after
 * replying; a store that does not answer in time counts as unreachable.
 */
final class HealthQuery extends AbstractBehavior<HealthQuery.Command> {

  /**
   * What the store said, for the health endpoint; {@code reasons} are the Storage actor's ({@code
   * storage_full}, {@code storage_fault: ...}).
   */
  record StorageHealth(
      boolean reachable,
      Map<String, Long> queueSizes,
      String detail,
      String bound,
      List<String> reasons) {
    StorageHealth {
      queueSizes = Map.copyOf(queueSizes);
      reasons = List.copyOf(reasons);
    }
  }

  sealed interface Command {}

  private record StorageAnswered(StorageActor.Reply reply) implements Command {}

  private record StorageSilent(String operation) implements Command {}

  static final List<Queue> QUEUES = Queue.ALL;

  static Behavior<Command> create(
      ActorRef<StorageActor.Command> storage, ActorRef<StorageHealth> replyTo, Duration timeout) {
    return Behaviors.setup(context -> new HealthQuery(context, storage, replyTo, timeout));
  }

  private final ActorRef<StorageHealth> replyTo;
  private final Map<String, Long> sizes = new LinkedHashMap<>();
  private int pending;
  private boolean reachable = true;
  private String detail = "";
  private String bound = "";
  private List<String> reasons = List.of();

  private HealthQuery(
      ActorContext<Command> context,
      ActorRef<StorageActor.Command> storage,
      ActorRef<StorageHealth> replyTo,
      Duration timeout) {
    super(context);
    this.replyTo = replyTo;
    ask(storage, timeout, "isReachable", StorageActor.CheckReachable::new);
    ask(storage, timeout, "status", StorageActor.GetStatus::new);
    for (Queue queue : QUEUES) {
      ask(storage, timeout, "queueSize " + queue, ref -> new StorageActor.GetQueueSize(queue, ref));
    }
  }

  private void ask(
      ActorRef<StorageActor.Command> storage,
      Duration timeout,
      String operation,
      java.util.function.Function<ActorRef<StorageActor.Reply>, StorageActor.Command> request) {
    pending++;
    getContext()
        .ask(
            StorageActor.Reply.class,
            storage,
            timeout,
            request::apply,
            (reply, failure) ->
                reply != null ? new StorageAnswered(reply) : new StorageSilent(operation));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(StorageAnswered.class, this::onStorageAnswered)
        .onMessage(StorageSilent.class, this::onStorageSilent)
        .build();
  }

  private Behavior<Command> onStorageAnswered(StorageAnswered answered) {
    StorageActor.Reply reply = answered.reply();
    if (reply instanceof StorageActor.Reachability reachability) {
      reachable &= reachability.reachable();
      if (!reachability.reachable()) {
        detail = "store not reachable";
      }
    } else if (reply instanceof StorageActor.Status status) {
      bound = status.bound();
      reasons = status.reasons();
    } else if (reply instanceof StorageActor.QueueSized sized) {
      sizes.put(sized.queue().name(), sized.size());
    } else if (reply instanceof StorageActor.Failed failed) {
      reachable = false;
      detail = failed.operation() + ": " + failed.reason();
    }
    return countDown();
  }

  private Behavior<Command> onStorageSilent(StorageSilent silent) {
    reachable = false;
    detail = silent.operation() + ": no answer in time";
    return countDown();
  }

  private Behavior<Command> countDown() {
    if (--pending > 0) {
      return this;
    }
    replyTo.tell(new StorageHealth(reachable, sizes, detail, bound, reasons));
    return Behaviors.stopped();
  }
}
