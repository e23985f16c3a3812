package io.chouette.storage.sqlite;

import io.chouette.core.storage.StorageException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;

/** Turns SQLite's failures into {@link StorageException}s that say what is wrong in words. */
final class SqliteErrors {

  private static final int SQLITE_READONLY = 8;
  private static final int SQLITE_IOERR = 10;
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_FULL = 13;
  private static final int SQLITE_CANTOPEN = 14;
  private static final int SQLITE_NOTADB = 26;

  private SqliteErrors() {}

  static StorageException failure(String action, Path file, SQLException e) {
    return new StorageException(
        "sqlite " + file + ": " + action + " failed, " + explain(e) + ": " + e.getMessage(), e);
  }

  /** Whether {@code e} says the file is not a usable database (corrupt, or not SQLite at all). */
  static boolean isUnusableFile(SQLException e) {
    int code = primaryCode(e);
    return code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
  }

  private static String explain(SQLException e) {
    return switch (primaryCode(e)) {
      case SQLITE_FULL -> "the disk is full or the file size limit is reached (SQLITE_FULL)";
      case SQLITE_READONLY -> "the data directory is read-only (SQLITE_READONLY)";
      case SQLITE_IOERR ->
          "the disk refused a read or write: read-only, full or failing (SQLITE_IOERR)";
      case SQLITE_CANTOPEN -> "the database file cannot be opened (SQLITE_CANTOPEN)";
      case SQLITE_CORRUPT -> "the database file is corrupt (SQLITE_CORRUPT)";
      case SQLITE_NOTADB -> "the file is not an SQLite database (SQLITE_NOTADB)";
      default -> "SQLite error " + primaryCode(e);
    };
  }

  static int primaryCode(SQLException e) {
    if (e instanceof org.sqlite.SQLiteException sqlite) {
      SQLiteErrorCode code = sqlite.getResultCode();
      return code.code & 0xFF;
    }
    return e.getErrorCode() & 0xFF;
  }
}
