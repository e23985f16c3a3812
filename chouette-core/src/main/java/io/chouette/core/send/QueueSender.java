package io.chouette.core.send;

import io.chouette.core.config.SenderConfig;
import io.chouette.core.storage.StorageActor;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The actor behind {@link MetricsSender} and {@link LogsSender}: on each release tick it ships one
 * wrapped queue to one Datadog endpoint. What differs between the two is only the {@link
 * SendLoop.Workload} and the {@link PayloadFormat}; the run itself is {@link SendLoop}'s.
 */
public final class QueueSender extends AbstractBehavior<QueueSender.Command> {

  /** Messages the sender accepts. */
  public sealed interface Command {}

  /** The guardian's tick: send what is queued. A tick during a run does nothing. */
  public enum Release implements Command {
    INSTANCE
  }

  /** A tick whose run answers {@code replyTo} when it has ended (or at once when skipped). */
  public record ReleaseNow(ActorRef<SendReport> replyTo) implements Command {}

  private record Progress(SendLoop.Event event) implements Command {}

  static Behavior<Command> create(
      SenderConfig config,
      ActorRef<StorageActor.Command> storage,
      Clock clock,
      SenderStatus status,
      SendLoop.Workload workload,
      PayloadFormat<?> format) {
    return Behaviors.setup(
        context -> new QueueSender(context, config, storage, clock, status, workload, format));
  }

  private final DatadogClient client;
  private final SendLoop<Command> loop;

  private QueueSender(
      ActorContext<Command> context,
      SenderConfig config,
      ActorRef<StorageActor.Command> storage,
      Clock clock,
      SenderStatus status,
      SendLoop.Workload workload,
      PayloadFormat<?> format) {
    super(context);
    this.client = new DatadogClient(config);
    BulkSender<?> sender = bulkSender(format, client, workload);
    this.loop =
        new SendLoop<>(context, Progress::new, storage, config, workload, sender, status, clock);
  }

  private static <T> BulkSender<T> bulkSender(
      PayloadFormat<T> format, DatadogClient client, SendLoop.Workload workload) {
    return new BulkSender<>(format, client, workload.endpoint());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Release.INSTANCE, this::onRelease)
        .onMessage(ReleaseNow.class, this::onReleaseNow)
        .onMessage(Progress.class, this::onProgress)
        .onSignal(PostStop.class, signal -> closeClient())
        .onSignal(PreRestart.class, signal -> closeClient())
        .build();
  }

  private Behavior<Command> onRelease() {
    loop.release(null);
    return this;
  }

  private Behavior<Command> onReleaseNow(ReleaseNow command) {
    loop.release(command.replyTo());
    return this;
  }

  private Behavior<Command> onProgress(Progress progress) {
    loop.on(progress.event());
    return this;
  }

  private Behavior<Command> closeClient() {
    client.close();
    return this;
  }
}
