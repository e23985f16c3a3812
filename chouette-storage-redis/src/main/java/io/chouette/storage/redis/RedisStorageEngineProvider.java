package io.chouette.storage.redis;

import io.chouette.core.config.ConfigException;
import io.chouette.core.storage.RecordBound;
import io.chouette.core.storage.StorageEngine;
import io.chouette.core.storage.StorageEngineProvider;
import io.chouette.redis.RedisConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code CHOUETTE_STORAGE_TYPE=redis} (the default): the layout shared with chouette-iot-client.
 * Settings: see {@link RedisConfig}, and {@link RecordBound#ENV} for the bound.
 */
public final class RedisStorageEngineProvider implements StorageEngineProvider {

  public static final String NAME = "redis";

  private static final Logger log = LoggerFactory.getLogger(RedisStorageEngineProvider.class);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StorageEngineFactory configure(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    RedisConfig config = null;
    int maxRecords = RecordBound.DEFAULT;
    try {
      config = RedisConfig.fromEnv(env);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    try {
      maxRecords = RecordBound.fromEnv(env);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return factory(config, maxRecords);
  }

  private static StorageEngineFactory factory(RedisConfig config, int maxRecords) {
    return new StorageEngineFactory() {
      @Override
      public StorageEngine open() {
        RedisStorageEngine engine = new RedisStorageEngine(config, Clock.systemUTC(), maxRecords);
        // Never fatal: Redis often starts after its sidecar. The engine logs the outage and the
        // Storage actor answers Failed until Redis is back; callers retry on their next tick.
        if (!engine.isReachable()) {
          log.warn(
              "Redis {} is not reachable yet; Chouette keeps running and retries every tick",
              config.describe());
        }
        return engine;
      }

      @Override
      public String describe() {
        return "redis " + config.describe() + ", at most " + RecordBound.describe(maxRecords);
      }
    };
  }
}
