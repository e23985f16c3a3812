package io.chouette.core.config;

import java.util.Locale;
import java.util.Set;

/**
 * The DogStatsD server's settings.
 *
 * @param host {@code DOGSTATSD_HOST} (default 127.0.0.1; the container image binds 0.0.0.0)
 * @param port {@code DOGSTATSD_PORT} (default 8125; 0 turns UDP off)
 * @param receiveBufferBytes {@code DOGSTATSD_SO_RCVBUF}: receive buffer of the UDP socket and of
 *     the Unix datagram socket (default 4 MiB), 0 = OS default
 * @param maxContexts {@code DOGSTATSD_MAX_CONTEXTS}: live contexts bound (default 100000)
 * @param distributions {@code DOGSTATSD_DISTRIBUTIONS}: how {@code |d} samples reach Datadog
 * @param sockets the Unix socket transports
 * @param origin origin detection
 */
public record DogStatsdConfig(
    String host,
    int port,
    int receiveBufferBytes,
    int maxContexts,
    Distributions distributions,
    DogStatsdSocketsConfig sockets,
    OriginDetectionConfig origin) {

  /** The default of {@code DOGSTATSD_SO_RCVBUF}, as the issue measured: no loss at 300k/s. */
  public static final int DEFAULT_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

  /** How distributions ({@code |d}) reach Datadog. */
  public enum Distributions {
    /** As the Agent sends them: one DDSketch per context and interval ({@code /beta/sketches}). */
    SKETCH,
    /** As histogram series ({@code <name>.avg}, {@code .count}, {@code .max}, percentiles...). */
    HISTOGRAM
  }

  /** UDP only, without origin detection. */
  public DogStatsdConfig(
      String host, int port, int receiveBufferBytes, int maxContexts, Distributions distributions) {
    this(
        host,
        port,
        receiveBufferBytes,
        maxContexts,
        distributions,
        DogStatsdSocketsConfig.NONE,
        OriginDetectionConfig.OFF);
  }

  /** Whether any transport listens: UDP ({@code DOGSTATSD_PORT} not 0) or a Unix socket. */
  public boolean enabled() {
    return port != 0 || sockets.any();
  }

  static DogStatsdConfig read(EnvReader env) {
    int port = env.port("DOGSTATSD_PORT", 8125, 0);
    return new DogStatsdConfig(
        env.string("DOGSTATSD_HOST", "127.0.0.1"),
        port,
        env.integer("DOGSTATSD_SO_RCVBUF", DEFAULT_RECEIVE_BUFFER_BYTES, 0),
        env.integer("DOGSTATSD_MAX_CONTEXTS", 100_000, 1),
        Distributions.valueOf(
            env.oneOf("DOGSTATSD_DISTRIBUTIONS", "sketch", Set.of("sketch", "histogram"))
                .toUpperCase(Locale.ROOT)),
        DogStatsdSocketsConfig.read(env),
        OriginDetectionConfig.read(env));
  }
}
