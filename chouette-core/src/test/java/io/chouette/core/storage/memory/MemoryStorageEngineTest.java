package io.chouette.core.storage.memory;

import io.chouette.core.storage.StorageEngine;
import io.chouette.core.testing.StorageEngineContract;
import java.time.Clock;

class MemoryStorageEngineTest extends StorageEngineContract {
  @Override
  protected StorageEngine newEngine(Clock clock) {
    return new MemoryStorageEngine(clock);
  }
}
