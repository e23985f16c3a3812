package io.chouette.core.storage.memory;

import io.chouette.core.storage.RecordBound;
import io.chouette.core.storage.StorageEngine;
import io.chouette.core.storage.StorageEngineProvider;
import java.time.Clock;
import java.util.Map;

/**
 * {@code CHOUETTE_STORAGE_TYPE=memory}: the embedded engine; its one setting is {@link
 * RecordBound#ENV}.
 */
public final class MemoryStorageEngineProvider implements StorageEngineProvider {

  private static final String NAME = "memory";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StorageEngineFactory configure(Map<String, String> env) {
    int maxRecords = RecordBound.fromEnv(env);
    return new StorageEngineFactory() {
      @Override
      public StorageEngine open() {
        return new MemoryStorageEngine(Clock.systemUTC(), maxRecords);
      }

      @Override
      public String describe() {
        return "memory (embedded, not durable, at most " + RecordBound.describe(maxRecords) + ")";
      }
    };
  }
}
