package io.chouette.app;

import io.chouette.core.aggregate.MetricsAggregator;
import io.chouette.core.collect.MetricsCollector;
import io.chouette.core.dogstatsd.DogStatsdServer;
import io.chouette.core.storage.StorageActor;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * How to build each core actor once the Storage actor exists. The guardian spawns them; tests
 * substitute behaviors (a failing aggregator, say) without touching the guardian.
 */
public record CoreBehaviors(
    Behavior<StorageActor.Command> storage,
    Function<ActorRef<StorageActor.Command>, Behavior<MetricsAggregator.Command>> aggregator,
    Function<ActorRef<StorageActor.Command>, Behavior<MetricsCollector.Command>> collector,
    List<SenderSpec> senders,
    Function<ActorRef<StorageActor.Command>, Behavior<DogStatsdServer.Command>> dogStatsd) {

  public CoreBehaviors {
    senders = List.copyOf(senders);
  }
}
