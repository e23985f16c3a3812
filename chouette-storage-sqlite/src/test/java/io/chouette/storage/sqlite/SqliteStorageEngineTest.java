package io.chouette.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageEngine;
import io.chouette.core.storage.StoredKey;
import io.chouette.core.testing.StorageEngineContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract against a real SQLite file, plus what only a durable engine promises. */
class SqliteStorageEngineTest extends StorageEngineContract {

  @TempDir Path dir;

  private SqliteConfig config() {
    return new SqliteConfig(dir, 256L * 1024 * 1024);
  }

  @Override
  protected StorageEngine newEngine(Clock clock) {
    return SqliteStorageEngine.open(config(), clock);
  }

  @Test
  void recordsSurviveClosingAndOpeningAgain() {
    List<String> keys =
        engine.storeRecords(
            Queue.WRAPPED_LOGS, List.of(new NewRecord(NOW_SECONDS, "{\"kept\": true}")));
    engine.close();

    engine = newEngine(Clock.systemUTC());

    assertThat(engine.collectKeys(Queue.WRAPPED_LOGS, 0))
        .containsExactly(new StoredKey(keys.get(0), NOW_SECONDS));
    assertThat(engine.collectValues(Queue.WRAPPED_LOGS, keys).get(0).json())
        .isEqualTo("{\"kept\": true}");
  }

  @Test
  void aStaleKeyDoesNotReachALaterRecordThatReusesItsRowId() {
    List<String> stale =
        engine.storeRecords(Queue.WRAPPED_LOGS, List.of(new NewRecord(NOW_SECONDS, "{\"a\": 1}")));
    engine.deleteRecords(Queue.WRAPPED_LOGS, stale);
    engine.close();
    engine = newEngine(Clock.systemUTC()); // the next row id starts again after the largest left
    List<String> fresh =
        engine.storeRecords(Queue.WRAPPED_LOGS, List.of(new NewRecord(NOW_SECONDS, "{\"b\": 2}")));
    assertThat(RowKeys.rowId(fresh.get(0))).isEqualTo(RowKeys.rowId(stale.get(0)));

    assertThat(engine.collectValues(Queue.WRAPPED_LOGS, stale)).isEmpty();
    assertThat(engine.deleteRecords(Queue.WRAPPED_LOGS, stale)).isZero();
    assertThat(engine.collectValues(Queue.WRAPPED_LOGS, fresh).get(0).json())
        .isEqualTo("{\"b\": 2}");
  }

  @Test
  void readsAndDeletesOfManyKeysKeepTheOrderAsked() {
    List<NewRecord> records = new java.util.ArrayList<>();
    for (int i = 0; i < KeyChunks.SIZE * 2 + 7; i++) {
      records.add(new NewRecord(NOW_SECONDS, "{\"n\": " + i + "}"));
    }
    List<String> keys = new java.util.ArrayList<>(engine.storeRecords(Queue.RAW_METRICS, records));
    java.util.Collections.reverse(keys);

    assertThat(engine.collectValues(Queue.RAW_METRICS, keys))
        .extracting(io.chouette.core.storage.StoredRecord::key)
        .containsExactlyElementsOf(keys);
    assertThat(engine.deleteRecords(Queue.RAW_METRICS, keys.subList(0, KeyChunks.SIZE + 3)))
        .isEqualTo(KeyChunks.SIZE + 3);
    assertThat(engine.queueSize(Queue.RAW_METRICS)).isEqualTo(KeyChunks.SIZE + 4);
  }

  @Test
  void theDatabaseIsInWalModeWithNormalSynchronousAndIncrementalVacuum() throws Exception {
    engine.storeRecords(Queue.RAW_METRICS, List.of(new NewRecord(NOW_SECONDS, "{}")));
    engine.close(); // the engine locks the file exclusively
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + config().databaseFile());
        Statement statement = connection.createStatement()) {
      assertThat(single(statement, "PRAGMA journal_mode")).isEqualTo("wal");
      // 2 = INCREMENTAL
      assertThat(single(statement, "PRAGMA auto_vacuum")).isEqualTo("2");
    }
  }

  @Test
  void aHandOverThatFailsHalfwayLeavesBothQueuesAsTheyWere() {
    List<String> raw =
        engine.storeRecords(Queue.RAW_METRICS, List.of(new NewRecord(NOW_SECONDS, "{\"r\": 1}")));
    // A NaN timestamp violates ts REAL NOT NULL (SQLite stores NaN as NULL): the insert fails
    // after the first record of the hand-over was written.
    List<NewRecord> records =
        List.of(new NewRecord(NOW_SECONDS, "{\"w\": 1}"), new NewRecord(Double.NaN, "{\"w\": 2}"));

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> engine.storeAndDelete(Queue.WRAPPED_METRICS, records, Queue.RAW_METRICS, raw))
        .isInstanceOf(io.chouette.core.storage.StorageException.class);

    assertThat(engine.queueSize(Queue.WRAPPED_METRICS)).isZero();
    assertThat(engine.collectKeys(Queue.RAW_METRICS, 0))
        .extracting(StoredKey::key)
        .containsExactlyElementsOf(raw);
  }

  private static String single(Statement statement, String sql) throws Exception {
    try (ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
