package io.chouette.app;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT run CoordinatedShutdown with {@link ShutdownSignal}, so the process exits 0
 * after an orderly stop. Our own handlers rather than the JVM's shutdown hook: the JVM would exit
 * 143 on SIGTERM. Installed first thing at startup, so that a signal that arrives while the actor
 * system is still being built is remembered and acted on as soon as it exists.
 */
final class ShutdownSignals {

  private static final Logger log = LoggerFactory.getLogger(ShutdownSignals.class);

  private final AtomicReference<ActorSystem<?>> system = new AtomicReference<>();
  private final AtomicBoolean requested = new AtomicBoolean();

  static ShutdownSignals install() {
    ShutdownSignals signals = new ShutdownSignals();
    Signal.handle(new Signal("TERM"), signals::onSignal);
    Signal.handle(new Signal("INT"), signals::onSignal);
    return signals;
  }

  /** The system to stop; stops it at once if a signal came before it existed. */
  void attach(ActorSystem<?> actorSystem) {
    system.set(actorSystem);
    if (requested.get()) {
      shutdown(actorSystem);
    }
  }

  private void onSignal(Signal signal) {
    log.info("SIG{} received, shutting down", signal.getName());
    requested.set(true);
    ActorSystem<?> current = system.get();
    if (current != null) {
      shutdown(current);
    }
  }

  private static void shutdown(ActorSystem<?> actorSystem) {
    CoordinatedShutdown.get(actorSystem).runAll(ShutdownSignal.INSTANCE);
  }
}
