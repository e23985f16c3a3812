package io.chouette.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.aggregate.MetricsAggregator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The guardian's timers and supervision, on Pekko's manual clock: no test waits in real time. */
class ChouetteGuardianTest {

  private static final ActorTestKit testKit = ActorTestKit.create(ManualTime.config());
  private static final ManualTime manualTime = ManualTime.get(testKit.system());

  /** 1,234.567 s after the epoch: the next whole second is 433 ms away. */
  private static final Clock AT_1234_567 =
      Clock.fixed(Instant.ofEpochMilli(1_234_567L), ZoneOffset.UTC);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /**
   * Spawning is asynchronous: time moved before the guardian has started its timers would be lost
   * to them. Any answer from the guardian means its setup, timers included, has run.
   */
  private static void awaitStarted(ActorTestKit kit, ActorRef<ChouetteGuardian.Command> guardian) {
    TestProbe<HealthQuery.StorageHealth> health = kit.createTestProbe();
    guardian.tell(new ChouetteGuardian.CheckStorage(health.ref()));
    health.receiveMessage(Duration.ofSeconds(10));
  }

  @Test
  void ticksTheCoreActorsAtTheirIntervalsFromTheNextWholeMultiple() {
    TestProbe<MetricsAggregator.Command> probe = testKit.createTestProbe();
    ActorRef<ChouetteGuardian.Command> guardian =
        testKit.spawn(
            ChouetteGuardian.create(
                TestGuardians.withAggregator(
                    Behaviors.monitor(
                        MetricsAggregator.Command.class, probe.ref(), Behaviors.ignore())),
                TestGuardians.EVERY_SECOND,
                AT_1234_567));
    awaitStarted(testKit, guardian);

    manualTime.expectNoMessageFor(Duration.ofMillis(432), probe);
    manualTime.timePasses(Duration.ofMillis(1));
    probe.expectMessage(MetricsAggregator.Aggregate.INSTANCE);

    manualTime.expectNoMessageFor(Duration.ofMillis(999), probe);
    manualTime.timePasses(Duration.ofMillis(1));
    probe.expectMessage(MetricsAggregator.Aggregate.INSTANCE);
  }

  @Test
  void firstTickIsAlignedToTheNextMultipleOfTheInterval() {
    assertThat(Intervals.delayToNextMultiple(AT_1234_567, Duration.ofSeconds(10)))
        .isEqualTo(Duration.ofMillis(5_433));
    Clock onTheDot = Clock.fixed(Instant.ofEpochSecond(60), ZoneOffset.UTC);
    assertThat(Intervals.delayToNextMultiple(onTheDot, Duration.ofSeconds(60)))
        .isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void aCoreActorThatKeepsFailingShutsTheSystemDownWithTheCoreFailureReason() throws Exception {
    // A system of its own: the shutdown under test ends it.
    ActorTestKit failing = ActorTestKit.create("failing-core", ManualTime.config());
    try {
      ManualTime failingTime = ManualTime.get(failing.system());
      ActorRef<ChouetteGuardian.Command> guardian =
          failing.spawn(
              ChouetteGuardian.create(
                  TestGuardians.withAggregator(TestGuardians.failingAggregator()),
                  TestGuardians.EVERY_SECOND,
                  AT_1234_567));
      awaitStarted(failing, guardian);

      // 1 failure + MAX_RESTARTS restarts, one per tick, all within RESTART_WINDOW. The guardian
      // starts its timers asynchronously, so an early tick may pass before they exist: tick until
      // the system ends, waiting a little for it after each tick, and never past the window.
      CompletableFuture<Done> terminated =
          failing.system().getWhenTerminated().toCompletableFuture();
      int ticks = 0;
      while (!terminated.isDone() && ticks < ChouetteGuardian.RESTART_WINDOW.toSeconds() / 2) {
        failingTime.timePasses(Duration.ofSeconds(1));
        ticks++;
        try {
          terminated.get(500, TimeUnit.MILLISECONDS);
        } catch (TimeoutException notYet) {
          // the next tick
        }
      }

      assertThat(terminated)
          .as("the actor system terminates after the last restart")
          .succeedsWithin(Duration.ofSeconds(10));
      assertThat(ticks).isGreaterThan(ChouetteGuardian.MAX_RESTARTS);
      assertThat(CoordinatedShutdown.get(failing.system()).getShutdownReason())
          .contains(CoreActorFailure.INSTANCE);
    } finally {
      failing.shutdownTestKit();
    }
  }
}
