package io.chouette.storage.redis;

import io.chouette.core.storage.StorageEngine;
import io.chouette.core.storage.StorageEngineProvider;
import io.chouette.redis.RedisConfig;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code CHOUETTE_STORAGE_TYPE=redis} (the default): the layout shared with chouette-iot-client.
 * Settings: see {@link RedisConfig}.
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
    RedisConfig config = RedisConfig.fromEnv(env);
    return new StorageEngineFactory() {
      @Override
      public StorageEngine open() {
        RedisStorageEngine engine = new RedisStorageEngine(config);
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
        return "redis " + config.describe();
      }
    };
  }
}
