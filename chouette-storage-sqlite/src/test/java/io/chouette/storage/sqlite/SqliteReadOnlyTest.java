package io.chouette.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory made read-only while the engine runs (see {@link ReadOnlyDirectory} for how,
 * as root): writes fail clearly, nothing stored is lost, and writes work again once it is writable.
 */
class SqliteReadOnlyTest {

  @TempDir Path dir;

  @Test
  void aReadOnlyDirectoryFailsWritesKeepsTheRecordsAndRecoversWithoutRestart() throws Exception {
    try (SqliteStorageEngine engine =
        SqliteStorageEngine.open(new SqliteConfig(dir, 64L * 1024 * 1024), Clock.systemUTC())) {
      List<String> kept = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        kept.addAll(engine.storeRecords(Queue.WRAPPED_LOGS, batch(i * 100)));
      }

      try (ReadOnlyDirectory locked = ReadOnlyDirectory.lock(dir)) {
        for (int attempt = 0; attempt < 3; attempt++) {
          assertThatThrownBy(() -> engine.storeRecords(Queue.WRAPPED_LOGS, batch(5_000)))
              .isInstanceOf(StorageException.class)
              .hasMessageContaining(dir.resolve("chouette.db").toString())
              // the first write fails; later calls fail to open the connection again
              .hasMessageMatching(".*(storing records|opening) failed, .*SQLITE_.*");
        }
        assertThatThrownBy(
                () ->
                    engine.storeAndDelete(
                        Queue.WRAPPED_METRICS, batch(0), Queue.WRAPPED_LOGS, kept))
            .isInstanceOf(StorageException.class);
        assertThat(engine.isReachable()).isFalse();
      }

      assertThat(engine.isReachable()).isTrue();
      assertThat(engine.queueSize(Queue.WRAPPED_LOGS)).isEqualTo(2_000);
      assertThat(engine.collectValues(Queue.WRAPPED_LOGS, kept)).hasSize(2_000);
      engine.storeRecords(Queue.WRAPPED_LOGS, batch(9_000));
      assertThat(engine.queueSize(Queue.WRAPPED_LOGS)).isEqualTo(2_100);
      assertThat(engine.queueSize(Queue.WRAPPED_METRICS)).isZero();
    }
  }

  private static List<NewRecord> batch(int first) {
    List<NewRecord> records = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      records.add(new NewRecord(first + i, "{\"log\": " + (first + i) + "}"));
    }
    return records;
  }
}
