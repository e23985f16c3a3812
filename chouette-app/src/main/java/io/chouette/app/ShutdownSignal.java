package io.chouette.app;

import org.apache.pekko.actor.CoordinatedShutdown;

/** Why the system stopped: SIGTERM or SIGINT. An orderly stop; the process exits 0. */
public enum ShutdownSignal implements CoordinatedShutdown.Reason {
  INSTANCE;

  @Override
  public String toString() {
    return "SIGTERM or SIGINT";
  }
}
