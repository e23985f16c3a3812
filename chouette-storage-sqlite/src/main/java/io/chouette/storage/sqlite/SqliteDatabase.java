package io.chouette.storage.sqlite;

import io.chouette.core.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Opens the database file with Chouette's settings and schema. A file SQLite cannot use (corrupt,
 * or not a database) is moved aside as {@code <name>.corrupt-<timestamp>}, with its {@code -wal}
 * and {@code -shm} companions, and a fresh database takes its place: the agent never refuses to run
 * because of its own buffer.
 *
 * <p>{@code synchronous=NORMAL} in WAL mode: a commit is in the WAL file (the operating system's
 * cache) before it returns, so a process crash loses nothing acknowledged; a power cut may lose the
 * last transactions since the last checkpoint but never corrupts the database (WAL frames are
 * checksummed and replayed only when complete). {@code FULL} would add an fsync to every commit,
 * several per aggregation tick, wearing SD cards for no gain against process crashes.
 */
final class SqliteDatabase {

  private static final Logger log = LoggerFactory.getLogger(SqliteDatabase.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final String[] PRAGMAS = {
    "PRAGMA busy_timeout = 5000",
    // before the first table of a new file; an existing file keeps its own setting
    "PRAGMA auto_vacuum = INCREMENTAL",
    "PRAGMA synchronous = NORMAL",
    // No memory-mapped file at all: the WAL index lives in the heap (exclusive locking), the
    // database is read with read(). A write refused by a full or read-only disk is then an error
    // code, never a SIGBUS on a mapped page; and a second agent on the same file gets SQLITE_BUSY.
    "PRAGMA locking_mode = EXCLUSIVE",
    "PRAGMA mmap_size = 0",
    "PRAGMA journal_size_limit = 4194304",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA cache_size = -2000",
  };

  private static final String[] SCHEMA = {
    "CREATE TABLE IF NOT EXISTS queues ("
        + "id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, wrapped INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS records ("
        + "id INTEGER PRIMARY KEY, queue INTEGER NOT NULL, key TEXT NOT NULL,"
        + " ts REAL NOT NULL, json TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS records_by_age ON records (queue, ts, key)",
  };

  private SqliteDatabase() {}

  /**
   * A connection to {@code file}, moving an unusable file aside first if needed; with {@code
   * check}, every page is read once first, so a damaged file is found at startup rather than in the
   * middle of a send.
   */
  static Connection open(Path file, Clock clock, boolean check) {
    try {
      return connect(file, check);
    } catch (SQLException e) {
      if (!SqliteErrors.isUnusableFile(e)) {
        throw SqliteErrors.failure("opening", file, e);
      }
      Path aside = moveAside(file, clock);
      log.error(
          "sqlite {}: the database cannot be used ({}); moved it to {} and started a fresh one",
          file,
          e.getMessage(),
          aside);
      try {
        return connect(file, false);
      } catch (SQLException again) {
        throw SqliteErrors.failure("opening a fresh database", file, again);
      }
    }
  }

  private static Connection connect(Path file, boolean check) throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement statement = connection.createStatement()) {
      if (check) {
        checkIntegrity(statement);
      }
      for (String pragma : PRAGMAS) {
        statement.execute(pragma);
      }
      try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode = WAL")) {
        if (!mode.next() || !"wal".equalsIgnoreCase(mode.getString(1))) {
          throw new SQLException("the database refused WAL mode");
        }
      }
      for (String ddl : SCHEMA) {
        statement.execute(ddl);
      }
      return connection;
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  private static void checkIntegrity(Statement statement) throws SQLException {
    try (ResultSet result = statement.executeQuery("PRAGMA quick_check(1)")) {
      String first = result.next() ? result.getString(1) : "no answer";
      if (!"ok".equals(first)) {
        throw new SQLiteException("quick_check: " + first, SQLiteErrorCode.SQLITE_CORRUPT);
      }
    }
  }

  private static Path moveAside(Path file, Clock clock) {
    String suffix = ".corrupt-" + STAMP.format(clock.instant());
    Path aside = file.resolveSibling(file.getFileName() + suffix);
    try {
      Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
      for (String companion : new String[] {"-wal", "-shm"}) {
        Path from = file.resolveSibling(file.getFileName() + companion);
        if (Files.exists(from)) {
          // beside the copy, under the name SQLite looks for, so the copy can still be opened
          Files.move(
              from,
              aside.resolveSibling(aside.getFileName() + companion),
              StandardCopyOption.ATOMIC_MOVE);
        }
      }
      return aside;
    } catch (IOException e) {
      throw new StorageException(
          "sqlite " + file + ": the database cannot be used and cannot be moved aside: " + e, e);
    }
  }
}
