package io.chouette.app;

import io.chouette.core.storage.memory.MemoryStorageEngine;
import io.chouette.core.testing.ForwardingEngine;

/** A memory store that says it cannot be reached, as Redis would while it is down. */
final class UnreachableStore extends ForwardingEngine {

  UnreachableStore() {
    super(new MemoryStorageEngine());
  }

  @Override
  public boolean isReachable() {
    return false;
  }
}
