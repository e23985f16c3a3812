package io.chouette.app;

import io.chouette.core.aggregate.MetricsAggregator;
import io.chouette.core.collect.MetricsCollector;
import io.chouette.core.dogstatsd.DogStatsdServer;
import io.chouette.core.send.QueueSender;
import io.chouette.core.send.SenderStatus;
import io.chouette.core.storage.StorageActor;
import io.chouette.core.storage.StorageEngine;
import io.chouette.core.storage.memory.MemoryStorageEngine;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Guardians whose core actors are stand-ins, for supervision tests. */
final class TestGuardians {
  private TestGuardians() {}

  static final ChouetteGuardian.Schedule EVERY_SECOND =
      new ChouetteGuardian.Schedule(
          Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));

  /** Core behaviors that ignore everything, except the given aggregator. */
  static CoreBehaviors withAggregator(Behavior<MetricsAggregator.Command> aggregator) {
    return withStorage(new MemoryStorageEngine(), aggregator);
  }

  /** Core behaviors that ignore everything, over the given store. */
  static CoreBehaviors withStorage(
      StorageEngine engine, Behavior<MetricsAggregator.Command> aggregator) {
    return new CoreBehaviors(
        StorageActor.create(engine),
        storage -> aggregator,
        storage -> Behaviors.<MetricsCollector.Command>ignore(),
        List.of(
            new SenderSpec(
                "metrics", new SenderStatus(), storage -> Behaviors.<QueueSender.Command>ignore()),
            new SenderSpec(
                "logs", new SenderStatus(), storage -> Behaviors.<QueueSender.Command>ignore())),
        storage -> Behaviors.<DogStatsdServer.Command>ignore());
  }

  /** An aggregator that throws on every tick: a core actor that keeps failing. */
  static Behavior<MetricsAggregator.Command> failingAggregator() {
    return Behaviors.receive(MetricsAggregator.Command.class)
        .onMessageEquals(
            MetricsAggregator.Aggregate.INSTANCE,
            () -> {
              throw new IllegalStateException("simulated aggregator bug");
            })
        .build();
  }
}
