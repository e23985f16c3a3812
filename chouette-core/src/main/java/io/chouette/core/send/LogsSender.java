package io.chouette.core.send;

import io.chouette.core.config.SenderConfig;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import java.net.URI;
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
 * Logs written by chouette-iot-client's log handler to Datadog's {@code POST
 * {DATADOG_LOGS_URL}/v1/input}, every {@code RELEASE_INTERVAL} (DESIGN §5).
 *
 * <p>Each tick cleans logs older than {@code LOG_TTL}, sends the oldest {@code LOGS_BULK_SIZE} (500)
 * as a JSON array with {@code ddtags} joined by commas, the global tags and {@code host} ({@link
 * LogsFormat}), deflated, and deletes exactly what Datadog accepted; a backlog drains up to {@code
 * MAX_BULKS_PER_TICK} bulks per tick. Failures, limits and backoff: see {@link SendLoop} and
 * {@link BulkSender}. Self-metrics: {@code chouette.dispatched.logs.number} and {@code .bytes},
 * written to the raw metrics queue.
 */
public final class LogsSender extends AbstractBehavior<LogsSender.Command> {

  /** Messages the sender accepts. */
  public sealed interface Command {}

  /** The guardian's tick: send what is queued. A tick during a run does nothing. */
  public enum Release implements Command {
    INSTANCE
  }

  /** A tick whose run answers {@code replyTo} when it has ended (or at once when skipped). */
  public record ReleaseNow(ActorRef<SendReport> replyTo) implements Command {}

  private record Progress(SendLoop.Event event) implements Command {}

  public static Behavior<Command> create(
      SenderConfig config, ActorRef<StorageActor.Command> storage, Clock clock) {
    return create(config, storage, clock, new SenderStatus());
  }

  /** With a {@link SenderStatus} the caller reads (the health endpoint). */
  public static Behavior<Command> create(
      SenderConfig config,
      ActorRef<StorageActor.Command> storage,
      Clock clock,
      SenderStatus status) {
    return Behaviors.setup(context -> new LogsSender(context, config, storage, clock, status));
  }

  private final DatadogClient client;
  private final SendLoop<Command> loop;

  private LogsSender(
      ActorContext<Command> context,
      SenderConfig config,
      ActorRef<StorageActor.Command> storage,
      Clock clock,
      SenderStatus status) {
    super(context);
    this.client = new DatadogClient(config);
    URI endpoint = URI.create(config.logsUrl() + "/v1/input");
    SendLoop.Workload workload =
        new SendLoop.Workload(
            "logs", Queue.WRAPPED_LOGS, config.logTtl(), config.logsBulkSize(), endpoint, false);
    BulkSender<byte[]> sender =
        new BulkSender<>(new LogsFormat(config.globalTags(), config.host()), client, endpoint);
    this.loop =
        new SendLoop<>(context, Progress::new, storage, config, workload, sender, status, clock);
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
