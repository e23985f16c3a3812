package io.chouette.collectors.dramatiq;

import io.chouette.collectors.PluginEnv;
import io.chouette.core.collect.spi.CollectorPlugin;
import io.chouette.core.collect.spi.CollectorPluginProvider;
import io.chouette.core.config.EnvReader;
import java.time.Clock;
import java.util.Map;

/**
 * Creates the {@code dramatiq} plugin, reading the Redis that holds the queues from {@code
 * REDIS_HOST} (default {@code redis}) and {@code REDIS_PORT} (default 6379), as the original.
 */
public final class DramatiqPluginProvider implements CollectorPluginProvider {

  @Override
  public String name() {
    return DramatiqPlugin.NAME;
  }

  @Override
  public CollectorPlugin create(Map<String, String> env) {
    EnvReader reader = new EnvReader(env);
    String host = reader.string("REDIS_HOST", "redis");
    int port = reader.integer("REDIS_PORT", 6379, 1);
    if (host.isEmpty()) {
      reader.problem("REDIS_HOST", "a host name", host);
    }
    if (port > 65535) {
      reader.problem("REDIS_PORT", "a port between 1 and 65535", env.get("REDIS_PORT"));
    }
    reader.throwIfProblems();
    return new DramatiqPlugin(
        new JedisQueueSizes(host, port, PluginEnv.requestTimeout(env)), Clock.systemUTC());
  }
}
