package io.chouette.storage.sqlite;

import io.chouette.core.storage.StorageEngine;
import io.chouette.core.storage.StorageEngineProvider;
import java.time.Clock;
import java.util.Map;

/**
 * {@code CHOUETTE_STORAGE_TYPE=sqlite}: the durable embedded engine. Settings: see {@link
 * SqliteConfig}. The data directory is created and checked while configuring, so an unusable one
 * stops startup with the other configuration problems.
 */
public final class SqliteStorageEngineProvider implements StorageEngineProvider {

  public static final String NAME = "sqlite";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StorageEngineFactory configure(Map<String, String> env) {
    SqliteConfig config = SqliteConfig.fromEnv(env);
    config.prepareDirectory();
    return new StorageEngineFactory() {
      @Override
      public StorageEngine open() {
        return SqliteStorageEngine.open(config, Clock.systemUTC());
      }

      @Override
      public String describe() {
        return "sqlite " + config.describe();
      }
    };
  }
}
