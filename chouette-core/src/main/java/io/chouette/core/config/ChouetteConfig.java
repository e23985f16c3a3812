package io.chouette.core.config;

import java.util.Map;
import java.util.Set;

/**
 * The whole configuration, read once at startup from environment variables (names and defaults:
 * DESIGN §8). Components get their own record; nothing reads the environment after this.
 *
 * @param storageType {@code CHOUETTE_STORAGE_TYPE} (default {@code redis}); checked against the
 *     engines found on the class path by the application
 * @param logLevel {@code LOG_LEVEL} (default INFO)
 * @param healthPort {@code HEALTH_PORT}: the health endpoint's port, 0 = off (default 0)
 * @param dogStatsdEnrichment what the DogStatsD server adds to metrics, events and checks
 */
public record ChouetteConfig(
    AggregatorConfig aggregator,
    SenderConfig sender,
    DogStatsdConfig dogStatsd,
    CollectorConfig collector,
    String storageType,
    String logLevel,
    int healthPort,
    DogStatsdEnrichmentConfig dogStatsdEnrichment) {

  private static final Set<String> LOG_LEVELS =
      Set.of("trace", "debug", "info", "warn", "warning", "error", "critical", "off");

  /** Reads and validates everything; throws one {@link ConfigException} listing every problem. */
  public static ChouetteConfig fromEnv(Map<String, String> env) {
    EnvReader reader = new EnvReader(env);
    ChouetteConfig config = read(reader);
    reader.throwIfProblems();
    return config;
  }

  /**
   * Reads into {@code env}, which collects the problems; the values of bad variables are their
   * defaults. For a caller that checks more than this configuration before it fails.
   */
  public static ChouetteConfig read(EnvReader env) {
    AggregatorConfig aggregator = AggregatorConfig.read(env);
    SenderConfig sender = SenderConfig.read(env);
    DogStatsdConfig dogStatsd = DogStatsdConfig.read(env);
    CollectorConfig collector = CollectorConfig.read(env);
    String storageType = env.string("CHOUETTE_STORAGE_TYPE", "redis").toLowerCase();
    String logLevel = env.oneOf("LOG_LEVEL", "info", LOG_LEVELS);
    int healthPort = env.port("HEALTH_PORT", 0, 0);
    DogStatsdEnrichmentConfig dogStatsdEnrichment = DogStatsdEnrichmentConfig.read(env);
    return new ChouetteConfig(
        aggregator,
        sender,
        dogStatsd,
        collector,
        storageType,
        logLevel,
        healthPort,
        dogStatsdEnrichment);
  }
}
