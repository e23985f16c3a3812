package io.chouette.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.aggregate.MetricsAggregator;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ChouetteGuardianTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void ticksTheCoreActorsAtTheirIntervals() {
    TestProbe<MetricsAggregator.Command> probe = testKit.createTestProbe();
    testKit.spawn(
        ChouetteGuardian.create(
            TestGuardians.withAggregator(
                Behaviors.monitor(
                    MetricsAggregator.Command.class, probe.ref(), Behaviors.ignore())),
            TestGuardians.EVERY_SECOND,
            Clock.systemUTC()));

    probe.expectMessage(Duration.ofSeconds(3), MetricsAggregator.Aggregate.INSTANCE);
    probe.expectMessage(Duration.ofSeconds(3), MetricsAggregator.Aggregate.INSTANCE);
  }

  @Test
  void firstTickIsAlignedToTheNextMultipleOfTheInterval() {
    Clock at1234567 =
        Clock.fixed(java.time.Instant.ofEpochMilli(1_234_567L), java.time.ZoneOffset.UTC);
    assertThat(Intervals.delayToNextMultiple(at1234567, Duration.ofSeconds(10)))
        .isEqualTo(Duration.ofMillis(5_433));
    Clock onTheDot = Clock.fixed(java.time.Instant.ofEpochSecond(60), java.time.ZoneOffset.UTC);
    assertThat(Intervals.delayToNextMultiple(onTheDot, Duration.ofSeconds(60)))
        .isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void aCoreActorThatKeepsFailingShutsTheSystemDownWithTheCoreFailureReason() throws Exception {
    ActorSystem<ChouetteGuardian.Command> system =
        ActorSystem.create(
            ChouetteGuardian.create(
                TestGuardians.withAggregator(TestGuardians.failingAggregator()),
                TestGuardians.EVERY_SECOND,
                Clock.systemUTC()),
            "failing-core");

    // 1 failure + MAX_RESTARTS restarts, one per tick; then the guardian shuts down.
    system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);

    assertThat(CoordinatedShutdown.get(system).getShutdownReason())
        .contains(CoreActorFailure.INSTANCE);
  }
}
