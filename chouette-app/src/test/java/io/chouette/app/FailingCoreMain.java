package io.chouette.app;

import java.time.Clock;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Runs a guardian whose aggregator always fails, with Main's exit logic: for the exit-status IT.
 */
public final class FailingCoreMain {
  private FailingCoreMain() {}

  public static void main(String[] args) {
    ActorSystem<ChouetteGuardian.Command> system =
        ActorSystem.create(
            ChouetteGuardian.create(
                TestGuardians.withAggregator(TestGuardians.failingAggregator()),
                TestGuardians.EVERY_SECOND,
                Clock.systemUTC()),
            "chouette");
    int status = Main.awaitTermination(system, () -> {});
    LogLevels.flush();
    System.exit(status);
  }
}
