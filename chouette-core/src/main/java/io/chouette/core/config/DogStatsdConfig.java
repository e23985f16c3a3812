package io.chouette.core.config;

import java.util.Locale;
import java.util.Set;

/**
 * The DogStatsD UDP server's settings.
 *
 * @param host {@code DOGSTATSD_HOST} (default 127.0.0.1; the container image binds 0.0.0.0)
 * @param port {@code DOGSTATSD_PORT} (default 8125; 0 disables the server)
 * @param receiveBufferBytes {@code DOGSTATSD_SO_RCVBUF}: socket receive buffer, 0 = OS default
 * @param maxContexts {@code DOGSTATSD_MAX_CONTEXTS}: live contexts bound (default 100000)
 * @param distributions {@code DOGSTATSD_DISTRIBUTIONS}: how {@code |d} samples reach Datadog
 */
public record DogStatsdConfig(
    String host, int port, int receiveBufferBytes, int maxContexts, Distributions distributions) {

  /** How distributions ({@code |d}) reach Datadog. */
  public enum Distributions {
    /** As the Agent sends them: one DDSketch per context and interval ({@code /beta/sketches}). */
    SKETCH,
    /** As histogram series ({@code <name>.avg}, {@code .count}, {@code .max}, percentiles...). */
    HISTOGRAM
  }

  public boolean enabled() {
    return port != 0;
  }

  static DogStatsdConfig read(EnvReader env) {
    int port = env.port("DOGSTATSD_PORT", 8125, 0);
    return new DogStatsdConfig(
        env.string("DOGSTATSD_HOST", "127.0.0.1"),
        port,
        env.integer("DOGSTATSD_SO_RCVBUF", 0, 0),
        env.integer("DOGSTATSD_MAX_CONTEXTS", 100_000, 1),
        Distributions.valueOf(
            env.oneOf("DOGSTATSD_DISTRIBUTIONS", "sketch", Set.of("sketch", "histogram"))
                .toUpperCase(Locale.ROOT)));
  }
}
