package io.chouette.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StoredKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** STORAGE_MAX_MB: the oldest wrapped records go first, and drained space is given back. */
class SqliteBoundTest {

  private static final long MB = 1024 * 1024;
  private static final String PADDING = "x".repeat(200);

  @TempDir Path dir;
  private SqliteStorageEngine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private SqliteStorageEngine open(long maxBytes) {
    engine = SqliteStorageEngine.open(new SqliteConfig(dir, maxBytes), Clock.systemUTC());
    return engine;
  }

  private static List<NewRecord> records(int count, double firstTimestamp, String kind) {
    List<NewRecord> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      records.add(
          new NewRecord(
              firstTimestamp + i, "{\"" + kind + "\": " + i + ", \"p\": \"" + PADDING + "\"}"));
    }
    return records;
  }

  @Test
  void withinTheBoundNothingIsDropped() {
    open(64 * MB);
    engine.storeRecords(Queue.WRAPPED_METRICS, records(1_000, 0, "m"));

    assertThat(engine.enforceBound()).isEmpty();
    assertThat(engine.queueSize(Queue.WRAPPED_METRICS)).isEqualTo(1_000);
    assertThat(engine.describeBound()).isEqualTo("64 MB");
  }

  @Test
  void overTheBoundTheOldestWrappedRecordsAcrossQueuesGoFirstAndAreCountedExactly() {
    open(2 * MB);
    // metrics hold the oldest timestamps, logs the newest; raw records are never dropped
    engine.storeRecords(Queue.WRAPPED_METRICS, records(6_000, 1_000_000, "m"));
    engine.storeRecords(Queue.WRAPPED_LOGS, records(6_000, 2_000_000, "l"));
    engine.storeRecords(Queue.RAW_METRICS, records(500, 0, "r"));
    long metricsBefore = engine.queueSize(Queue.WRAPPED_METRICS);
    long logsBefore = engine.queueSize(Queue.WRAPPED_LOGS);

    Map<Queue, Long> dropped = engine.enforceBound();

    long metricsAfter = engine.queueSize(Queue.WRAPPED_METRICS);
    long logsAfter = engine.queueSize(Queue.WRAPPED_LOGS);
    assertThat(dropped).containsOnlyKeys(Queue.WRAPPED_METRICS, Queue.WRAPPED_LOGS);
    assertThat(dropped.get(Queue.WRAPPED_METRICS)).isEqualTo(metricsBefore - metricsAfter);
    assertThat(dropped.get(Queue.WRAPPED_LOGS)).isEqualTo(logsBefore - logsAfter);
    assertThat(metricsAfter).isZero();
    assertThat(logsAfter).isPositive();
    assertThat(engine.queueSize(Queue.RAW_METRICS)).isEqualTo(500);
    // the survivors are the newest logs
    List<StoredKey> oldestLeft = engine.collectKeys(Queue.WRAPPED_LOGS, 1);
    assertThat(oldestLeft.get(0).timestamp()).isEqualTo(2_000_000 + 6_000 - logsAfter);
    assertThat(engine.enforceBound()).isEmpty();
    engine.close(); // the engine locks the file exclusively
    assertThat(usedBytes()).isLessThanOrEqualTo(2 * MB);
  }

  @Test
  void theFileDoesNotGrowWhenQueuesFillDrainAndFillAgain() throws Exception {
    open(256 * MB);
    long firstSize = 0;
    for (int cycle = 0; cycle < 4; cycle++) {
      List<String> keys = new ArrayList<>();
      for (int batch = 0; batch < 10; batch++) {
        keys.addAll(
            engine.storeRecords(Queue.WRAPPED_LOGS, records(2_000, batch * 2_000, "c" + cycle)));
      }
      engine.enforceBound();
      long filled = Files.size(dir.resolve("chouette.db")) + walSize();
      if (cycle == 0) {
        firstSize = filled;
      }
      assertThat(filled).as("cycle %d", cycle).isLessThanOrEqualTo(firstSize + firstSize / 10);

      engine.deleteRecords(Queue.WRAPPED_LOGS, keys);
      engine.enforceBound();
      engine.close();
      engine = SqliteStorageEngine.open(new SqliteConfig(dir, 256 * MB), Clock.systemUTC());
      // drained: most pages went back to the file system
      assertThat(Files.size(dir.resolve("chouette.db"))).isLessThan(firstSize / 3);
    }
  }

  @Test
  void whileManyPagesAreInUseACallGivesBackAtMostEightMegabytes() throws Exception {
    open(256 * MB);
    List<String> keys = new ArrayList<>();
    for (int batch = 0; batch < 25; batch++) {
      keys.addAll(engine.storeRecords(Queue.WRAPPED_LOGS, records(4_000, batch * 4_000, "half")));
    }
    engine.enforceBound();
    engine.deleteRecords(Queue.WRAPPED_LOGS, keys.subList(0, keys.size() / 2));
    engine.close();
    long before = Files.size(dir.resolve("chouette.db"));
    assertThat(usedBytes()).isGreaterThan(8 * MB);
    assertThat(before - usedBytes()).as("free bytes").isGreaterThan(12 * MB);
    engine = SqliteStorageEngine.open(new SqliteConfig(dir, 256 * MB), Clock.systemUTC());

    engine.enforceBound();
    engine.close();
    long after = Files.size(dir.resolve("chouette.db"));
    engine = SqliteStorageEngine.open(new SqliteConfig(dir, 256 * MB), Clock.systemUTC());

    // 8 MiB of record pages, and the pointer-map pages that described them
    assertThat(before - after).isBetween(4 * MB, 8 * MB + 64 * 1024);
    assertThat(engine.queueSize(Queue.WRAPPED_LOGS)).isEqualTo(keys.size() / 2);
  }

  private long walSize() throws Exception {
    Path wal = dir.resolve("chouette.db-wal");
    return Files.exists(wal) ? Files.size(wal) : 0;
  }

  private long usedBytes() {
    try (var connection =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chouette.db"));
        var statement = connection.createStatement()) {
      long pageSize = single(statement, "PRAGMA page_size");
      return (single(statement, "PRAGMA page_count") - single(statement, "PRAGMA freelist_count"))
          * pageSize;
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  private static long single(java.sql.Statement statement, String sql)
      throws java.sql.SQLException {
    try (var rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
