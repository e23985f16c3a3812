package io.chouette.collectors.dramatiq;

import io.chouette.collectors.PluginEnv;
import io.chouette.core.collect.spi.CollectorPlugin;
import io.chouette.core.collect.spi.CollectorPluginProvider;
import io.chouette.core.config.EnvReader;
import io.chouette.redis.RedisConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Creates the {@code dramatiq} plugin. The queues live in the Redis that Chouette stores in, read
 * with the same settings ({@link RedisConfig}: {@code REDIS_HOST}, {@code REDIS_PORT}, {@code
 * REDIS_URL}, {@code REDIS_PASSWORD}, {@code REDIS_DB}) but through a small pool of the plugin's
 * own: a plugin is made from the environment and never reaches into the storage engine.
 */
public final class DramatiqPluginProvider implements CollectorPluginProvider {

  @Override
  public String name() {
    return DramatiqPlugin.NAME;
  }

  @Override
  public CollectorPlugin create(Map<String, String> env, Duration captureInterval) {
    EnvReader reader = new EnvReader(env);
    RedisConfig redis = RedisConfig.read(reader);
    reader.throwIfProblems();
    return new DramatiqPlugin(
        new JedisQueueSizes(redis, PluginEnv.requestTimeout(captureInterval)), Clock.systemUTC());
  }
}
