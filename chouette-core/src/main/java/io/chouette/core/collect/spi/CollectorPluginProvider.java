package io.chouette.core.collect.spi;

import java.time.Duration;
import java.util.Map;

/**
 * Creates a {@link CollectorPlugin} by name. Found with {@link java.util.ServiceLoader}: register
 * implementations in {@code
 * META-INF/services/io.chouette.core.collect.spi.CollectorPluginProvider}.
 */
public interface CollectorPluginProvider {

  /** The name users list in {@code COLLECTOR_PLUGINS}. */
  String name();

  /**
   * Parses and validates the plugin's own environment variables and returns the plugin; throws
   * {@link io.chouette.core.config.ConfigException} on a bad value. Opens no sockets or files:
   * connections are made lazily by the first {@code collect()}.
   *
   * @param env the environment, for the plugin's own variables
   * @param captureInterval {@code CAPTURE_INTERVAL}, read once by the application: how often the
   *     plugin is asked to collect and how long one collection may take. Plugins take it from here,
   *     never from {@code env}.
   */
  CollectorPlugin create(Map<String, String> env, Duration captureInterval);
}
