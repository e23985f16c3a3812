package io.chouette.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chouette.core.config.ConfigException;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageEngine;
import io.chouette.core.storage.StorageEngineProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CHOUETTE_DATA_DIR and STORAGE_MAX_MB, read and checked before anything is opened. */
class SqliteStorageEngineProviderTest {

  @TempDir Path tmp;

  @Test
  void theProviderIsFoundByItsName() {
    assertThat(ServiceLoader.load(StorageEngineProvider.class))
        .extracting(StorageEngineProvider::name)
        .contains("sqlite");
  }

  @Test
  void theDefaultsAreVarLibChouetteAnd256Mb() {
    SqliteConfig config = SqliteConfig.fromEnv(Map.of());

    assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/chouette"));
    assertThat(config.maxBytes()).isEqualTo(256L * 1024 * 1024);
    assertThat(config.databaseFile()).isEqualTo(Path.of("/var/lib/chouette/chouette.db"));
  }

  @Test
  void badValuesAreReportedTogether() {
    assertThatThrownBy(
            () -> SqliteConfig.fromEnv(Map.of("STORAGE_MAX_MB", "0", "CHOUETTE_DATA_DIR", "")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("STORAGE_MAX_MB: expected an integer >= 1, found \"0\"")
        .hasMessageContaining("CHOUETTE_DATA_DIR: expected a directory path, found \"\"");
    assertThatThrownBy(() -> SqliteConfig.fromEnv(Map.of("STORAGE_MAX_MB", "lots")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("STORAGE_MAX_MB");
  }

  @Test
  void aMissingDirectoryIsCreatedWithItsParentsAndTheEngineWorksInIt() {
    Path dir = tmp.resolve("a/b/chouette-data");
    StorageEngineProvider.StorageEngineFactory factory =
        new SqliteStorageEngineProvider()
            .configure(Map.of("CHOUETTE_DATA_DIR", dir.toString(), "STORAGE_MAX_MB", "16"));

    assertThat(dir).isDirectory();
    assertThat(factory.describe())
        .isEqualTo("sqlite " + dir.resolve("chouette.db") + ", max 16 MB");
    try (StorageEngine engine = factory.open()) {
      engine.storeRecords(Queue.WRAPPED_LOGS, List.of(new NewRecord(1, "{}")));
      assertThat(engine.queueSize(Queue.WRAPPED_LOGS)).isEqualTo(1);
      assertThat(engine.describeBound()).isEqualTo("16 MB");
    }
    assertThat(dir.resolve("chouette.db")).isRegularFile();
  }

  @Test
  void anUnwritableDirectoryStopsConfigurationWithOneClearProblem() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("locked"));
    try (ReadOnlyDirectory locked = ReadOnlyDirectory.lock(dir)) {
      assertThatThrownBy(
              () ->
                  new SqliteStorageEngineProvider()
                      .configure(Map.of("CHOUETTE_DATA_DIR", dir.toString())))
          .isInstanceOf(ConfigException.class)
          .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(1))
          .hasMessageStartingWith(
              "CHOUETTE_DATA_DIR: cannot create or write the directory \"" + dir + "\"");
    }
  }

  @Test
  void aDirectoryThatCannotBeCreatedStopsConfiguration() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
    assertThatThrownBy(
            () ->
                new SqliteStorageEngineProvider()
                    .configure(Map.of("CHOUETTE_DATA_DIR", file.resolve("data").toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("CHOUETTE_DATA_DIR: cannot create or write the directory");
  }
}
