package io.chouette.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A database file SQLite cannot use is moved aside and a fresh one used; the agent runs. */
class SqliteCorruptFileTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-01T10:20:30.456Z"), ZoneOffset.UTC);
  private static final String ASIDE = "chouette.db.corrupt-20260301T102030.456Z";

  @TempDir Path dir;
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private Logger logger;

  @BeforeEach
  void captureLogs() {
    logger = (Logger) LoggerFactory.getLogger(SqliteDatabase.class);
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void releaseLogs() {
    logger.detachAppender(logged);
  }

  private SqliteConfig config() {
    return new SqliteConfig(dir, 64L * 1024 * 1024);
  }

  @Test
  void aFileThatIsNotSqliteIsMovedAsideAndAFreshDatabaseUsed() throws Exception {
    byte[] text =
        "these are my notes, not a database\n".repeat(200).getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve("chouette.db"), text);

    try (SqliteStorageEngine engine = SqliteStorageEngine.open(config(), CLOCK)) {
      engine.storeRecords(Queue.WRAPPED_METRICS, List.of(new NewRecord(1, "{}")));
      assertThat(engine.queueSize(Queue.WRAPPED_METRICS)).isEqualTo(1);
    }

    assertThat(Files.readAllBytes(dir.resolve(ASIDE))).isEqualTo(text);
    assertOneErrorNaming(ASIDE);
  }

  @Test
  void aCorruptDatabaseIsMovedAsideAndAFreshDatabaseUsedWithoutItsOldLog() throws Exception {
    try (SqliteStorageEngine engine = SqliteStorageEngine.open(config(), CLOCK)) {
      List<NewRecord> records = new ArrayList<>();
      for (int i = 0; i < 5_000; i++) {
        records.add(new NewRecord(i, "{\"record\": " + i + ", \"padding\": \"" + "x".repeat(100)));
      }
      engine.storeRecords(Queue.WRAPPED_LOGS, records);
    }
    Path file = dir.resolve("chouette.db");
    long size = Files.size(file);
    assertThat(size).isGreaterThan(64 * 4096);
    try (RandomAccessFile damaged = new RandomAccessFile(file.toFile(), "rw")) {
      // pages in the middle of the table and its indexes: garbage over headers and cells
      for (long offset = 8 * 4096; offset < size; offset += 16 * 4096) {
        damaged.seek(offset);
        damaged.write(new byte[] {(byte) 0xEE, 0x13, 0x37, 0x00, 0x7F, 0x42, 0x42, 0x42, 0x42});
      }
    }
    Files.writeString(dir.resolve("chouette.db-wal"), "a torn write-ahead log");

    try (SqliteStorageEngine engine = SqliteStorageEngine.open(config(), CLOCK)) {
      assertThat(engine.queueSize(Queue.WRAPPED_LOGS)).isZero();
      engine.storeRecords(Queue.WRAPPED_LOGS, List.of(new NewRecord(1, "{\"fresh\": 1}")));
      assertThat(engine.queueSize(Queue.WRAPPED_LOGS)).isEqualTo(1);
    }

    assertThat(dir.resolve(ASIDE)).hasSize(size);
    // SQLite may fold (or drop, when torn) the log while closing the damaged file; what matters is
    // that the old log is never replayed into the fresh database.
    Path wal = dir.resolve("chouette.db-wal");
    assertThat(Files.exists(wal) ? Files.readString(wal, StandardCharsets.ISO_8859_1) : "")
        .doesNotContain("a torn write-ahead log");
    assertOneErrorNaming(ASIDE);
  }

  @Test
  void aHealthyDatabaseIsKept() throws Exception {
    try (SqliteStorageEngine engine = SqliteStorageEngine.open(config(), CLOCK)) {
      engine.storeRecords(Queue.WRAPPED_LOGS, List.of(new NewRecord(1, "{}")));
    }
    try (SqliteStorageEngine engine = SqliteStorageEngine.open(config(), CLOCK)) {
      assertThat(engine.queueSize(Queue.WRAPPED_LOGS)).isEqualTo(1);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("corrupt"));
    }
    assertThat(logged.list).isEmpty();
  }

  private void assertOneErrorNaming(String aside) {
    assertThat(logged.list).hasSize(1);
    ILoggingEvent event = logged.list.get(0);
    assertThat(event.getLevel()).isEqualTo(Level.ERROR);
    assertThat(event.getFormattedMessage())
        .contains(dir.resolve("chouette.db").toString())
        .contains(dir.resolve(aside).toString())
        .contains("started a fresh one");
  }
}
