package io.chouette.core.storage.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageEngine;
import io.chouette.core.testing.StorageBoundContract;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MemoryStorageBoundTest extends StorageBoundContract {

  private static final int MAX_RECORDS = 100;

  @Override
  protected StorageEngine newBoundedEngine(Clock clock) {
    return new MemoryStorageEngine(clock, MAX_RECORDS);
  }

  @Override
  protected int recordsOverBound() {
    return 257;
  }

  @Override
  protected OptionalLong maxRecords() {
    return OptionalLong.of(MAX_RECORDS);
  }

  @Test
  void anExcessOfManyRoundsIsDroppedExactly() {
    List<NewRecord> records = new ArrayList<>();
    for (int i = 0; i < 7_000; i++) {
      records.add(new NewRecord(1000 + i, json(i)));
    }
    engine.storeRecords(Queue.WRAPPED_LOGS, records);

    Map<Queue, Long> dropped = engine.enforceBound();

    assertThat(dropped).containsExactly(Map.entry(Queue.WRAPPED_LOGS, 6_900L));
    assertThat(engine.collectKeys(Queue.WRAPPED_LOGS, 1).get(0).timestamp()).isEqualTo(7_900);
  }
}
