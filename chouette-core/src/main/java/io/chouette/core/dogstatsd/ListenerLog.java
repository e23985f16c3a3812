package io.chouette.core.dogstatsd;

import io.chouette.core.config.DogStatsdConfig;
import org.slf4j.Logger;

/** The startup lines of the DogStatsD server: where it listens, and a short receive buffer. */
final class ListenerLog {

  private ListenerLog() {}

  static void started(Logger log, DogStatsdListeners listeners, DogStatsdConfig config) {
    for (DogStatsdListener listener : listeners.all()) {
      int granted = listener.receiveBufferBytes();
      if (granted < 0) {
        log.info(
            "DogStatsD listening on {} (at most {} contexts)",
            listener.describe(),
            config.maxContexts());
        continue;
      }
      log.info(
          "DogStatsD listening on {} (receive buffer {} bytes, at most {} contexts)",
          listener.describe(),
          granted,
          config.maxContexts());
      if (config.receiveBufferBytes() > 0 && granted < config.receiveBufferBytes()) {
        log.warn(
            "DOGSTATSD_SO_RCVBUF asked for {} bytes, the OS granted {} on {} (raise"
                + " net.core.rmem_max)",
            config.receiveBufferBytes(),
            granted,
            listener.describe());
      }
    }
  }
}
