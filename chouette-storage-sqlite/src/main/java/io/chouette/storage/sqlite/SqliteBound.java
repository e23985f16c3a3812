package io.chouette.storage.sqlite;

import io.chouette.core.storage.Queue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Keeps the database within {@code STORAGE_MAX_MB}: its pages in use plus its write-ahead log file.
 * Over the bound, the WAL is checkpointed and truncated, and the oldest wrapped records (by
 * timestamp, across queues) are deleted until the pages in use fit. Free pages beyond a slack are
 * given back to the file system, so the file does not keep the size of its largest backlog once the
 * queues drain.
 */
final class SqliteBound {

  /** Records removed per round at least, so a bound crossed by a few bytes is not re-crossed. */
  private static final int MIN_BATCH = 256;

  private static final int MAX_ROUNDS = 20;

  private static final long FREE_SLACK = 4L * 1024 * 1024;

  /**
   * Pages given back per call while many pages are in use. Freeing a page at the end of the file
   * moves the record page there, if any, into a free slot: a backlog being drained would otherwise
   * have most of itself rewritten each tick, only to be deleted moments later.
   */
  private static final long MAX_RELEASE_BYTES = 8L * 1024 * 1024;

  private final long maxBytes;

  SqliteBound(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  String describe() {
    return maxBytes / (1024 * 1024) + " MB";
  }

  /**
   * Runs with the connection in auto-commit mode; each round of deletions is one transaction.
   * Returns the records removed per queue.
   */
  Map<Queue, Long> enforce(Connection connection, QueueIds queueIds, Path wal) throws SQLException {
    Map<Queue, Long> dropped = new LinkedHashMap<>();
    Pages pages = Pages.read(connection);
    if (pages.usedBytes() + walBytes(wal) > maxBytes) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
      for (int round = 0; round < MAX_ROUNDS && pages.usedBytes() > maxBytes; round++) {
        long records = countRecords(connection);
        if (records == 0) {
          break;
        }
        long perRecord = Math.max(1, pages.usedBytes() / records);
        long excess = pages.usedBytes() - maxBytes;
        int amount = (int) Math.min(Integer.MAX_VALUE, Math.max(MIN_BATCH, excess / perRecord + 1));
        connection.setAutoCommit(false);
        long removed = dropOldest(connection, queueIds, amount, dropped);
        connection.commit();
        connection.setAutoCommit(true);
        if (removed == 0) {
          break;
        }
        pages = Pages.read(connection);
      }
    }
    releaseFreePages(connection, pages);
    return dropped;
  }

  private static long walBytes(Path wal) {
    try {
      return Files.size(wal);
    } catch (IOException e) {
      return 0; // no WAL yet
    }
  }

  private static long countRecords(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM records")) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }

  /** Deletes the {@code amount} oldest wrapped records; adds them to {@code dropped}. */
  private static long dropOldest(
      Connection connection, QueueIds queueIds, int amount, Map<Queue, Long> dropped)
      throws SQLException {
    List<Candidate> candidates = new ArrayList<>();
    Map<Integer, Queue> wrapped = queueIds.wrapped();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT id, ts FROM records WHERE queue = ? ORDER BY ts, key LIMIT ?")) {
      for (int queue : wrapped.keySet()) {
        select.setInt(1, queue);
        select.setInt(2, amount);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            candidates.add(new Candidate(queue, rows.getLong(1), rows.getDouble(2)));
          }
        }
      }
    }
    candidates.sort(Comparator.comparingDouble(Candidate::timestamp));
    List<Candidate> oldest = candidates.subList(0, Math.min(amount, candidates.size()));
    Map<Integer, Long> perQueue = new HashMap<>();
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM records WHERE id = ?")) {
      for (Candidate candidate : oldest) {
        delete.setLong(1, candidate.rowId());
        delete.executeUpdate();
        perQueue.merge(candidate.queue(), 1L, Long::sum);
      }
    }
    perQueue.forEach((queue, count) -> dropped.merge(wrapped.get(queue), count, Long::sum));
    return oldest.size();
  }

  /**
   * Gives free pages back to the file system once they are more than {@link #FREE_SLACK} (or an
   * eighth of a smaller bound), keeping half of that for the next records to reuse; at most {@link
   * #MAX_RELEASE_BYTES} a call unless the pages in use are fewer (then nothing costly is moved).
   */
  private void releaseFreePages(Connection connection, Pages pages) throws SQLException {
    long slack = Math.max(16, Math.min(FREE_SLACK, maxBytes / 8) / pages.pageSize);
    if (pages.freePages > slack) {
      long cap = MAX_RELEASE_BYTES / pages.pageSize;
      long release = pages.freePages - slack / 2;
      if (pages.pageCount - pages.freePages > cap) {
        release = Math.min(release, cap);
      }
      // The pragma frees one page per step; JDBC steps once, sqlite3_exec to the end.
      int code =
          connection
              .unwrap(SQLiteConnection.class)
              .getDatabase()
              ._exec("PRAGMA incremental_vacuum(" + release + ")");
      if (code != 0) {
        throw new SQLiteException("incremental_vacuum", SQLiteErrorCode.getErrorCode(code));
      }
    }
  }

  private record Candidate(int queue, long rowId, double timestamp) {}

  private record Pages(long pageSize, long pageCount, long freePages) {
    static Pages read(Connection connection) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        return new Pages(
            single(statement, "PRAGMA page_size"),
            single(statement, "PRAGMA page_count"),
            single(statement, "PRAGMA freelist_count"));
      }
    }

    long usedBytes() {
      return (pageCount - freePages) * pageSize;
    }

    private static long single(Statement statement, String sql) throws SQLException {
      try (ResultSet rows = statement.executeQuery(sql)) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    }
  }
}
