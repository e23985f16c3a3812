package io.chouette.core.storage.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chouette.core.config.ConfigException;
import io.chouette.core.storage.StorageEngine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryStorageEngineProviderTest {

  private final MemoryStorageEngineProvider provider = new MemoryStorageEngineProvider();

  @Test
  void theBoundIsAMillionRecordsByDefault() {
    var factory = provider.configure(Map.of());
    assertThat(factory.describe())
        .isEqualTo("memory (embedded, not durable, at most 1000000 records)");
    try (StorageEngine engine = factory.open()) {
      assertThat(engine.describeBound()).isEqualTo("1000000 records");
    }
  }

  @Test
  void storageMaxRecordsSetsTheBound() {
    try (StorageEngine engine =
        provider.configure(Map.of("STORAGE_MAX_RECORDS", " 5000 ")).open()) {
      assertThat(engine.describeBound()).isEqualTo("5000 records");
    }
  }

  @Test
  void aBadBoundStopsStartupWithOneClearProblem() {
    for (String bad : List.of("0", "-1", "lots", "2.5", "3000000000")) {
      assertThatThrownBy(() -> provider.configure(Map.of("STORAGE_MAX_RECORDS", bad)))
          .as(bad)
          .isInstanceOf(ConfigException.class)
          .hasMessage("STORAGE_MAX_RECORDS: expected an integer >= 1, found \"" + bad + "\"");
    }
  }
}
