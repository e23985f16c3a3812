package io.chouette.core.aggregate;

import io.chouette.core.config.AggregatorConfig;
import io.chouette.core.storage.StorageActor;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Raw queue and DogStatsD buckets to the wrapped queue, every {@code AGGREGATE_INTERVAL}.
 *
 * <p>Skeleton: the aggregation itself is issue #3.
 */
public final class MetricsAggregator extends AbstractBehavior<MetricsAggregator.Command> {

  /** Messages the aggregator accepts. */
  public sealed interface Command {}

  /** The guardian's tick: aggregate what is due. */
  public enum Aggregate implements Command {
    INSTANCE
  }

  public static Behavior<Command> create(
      AggregatorConfig config,
      MetricsWrapper wrapper,
      ActorRef<StorageActor.Command> storage,
      ClosedBucketSource buckets,
      Clock clock) {
    return Behaviors.setup(context -> new MetricsAggregator(context));
  }

  private MetricsAggregator(ActorContext<Command> context) {
    super(context);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessageEquals(Aggregate.INSTANCE, this::onAggregate).build();
  }

  private Behavior<Command> onAggregate() {
    getContext().getLog().debug("aggregate tick");
    return this;
  }
}
