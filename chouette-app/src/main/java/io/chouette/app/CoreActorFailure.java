package io.chouette.app;

import org.apache.pekko.actor.CoordinatedShutdown;

/**
 * Why the guardian shut the system down: a core actor stopped for good. {@link Main} maps it to
 * exit status 1 so that the orchestrator restarts the container.
 */
public enum CoreActorFailure implements CoordinatedShutdown.Reason {
  INSTANCE;

  @Override
  public String toString() {
    return "a core actor failed for good";
  }
}
