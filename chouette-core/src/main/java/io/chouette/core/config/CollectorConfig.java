package io.chouette.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The MetricsCollector's settings; each plugin reads its own variables.
 *
 * @param plugins {@code COLLECTOR_PLUGINS}: JSON list of plugin names (default none)
 * @param captureInterval {@code CAPTURE_INTERVAL} (default 30 s)
 */
public record CollectorConfig(List<String> plugins, Duration captureInterval) {

  public CollectorConfig {
    plugins = List.copyOf(plugins);
  }

  /**
   * Reads {@code COLLECTOR_PLUGINS} and {@code CAPTURE_INTERVAL} alone (the plugin check needs no
   * more); throws one {@link ConfigException} listing every problem.
   */
  public static CollectorConfig fromEnv(Map<String, String> env) {
    EnvReader reader = new EnvReader(env);
    CollectorConfig config = read(reader);
    reader.throwIfProblems();
    return config;
  }

  static CollectorConfig read(EnvReader env) {
    return new CollectorConfig(
        env.stringList("COLLECTOR_PLUGINS", List.of()),
        env.positiveSeconds("CAPTURE_INTERVAL", 30));
  }
}
