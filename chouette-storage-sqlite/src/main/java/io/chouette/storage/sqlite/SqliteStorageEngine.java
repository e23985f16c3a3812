package io.chouette.storage.sqlite;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageEngine;
import io.chouette.core.storage.StorageException;
import io.chouette.core.storage.StoredKey;
import io.chouette.core.storage.StoredRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code sqlite} engine: every queue in the {@code records} table, ordered by the index on
 * (queue, timestamp, key). A record's key carries its row id ({@link RowKeys}), so reads and
 * deletes by key need no index of their own.
 *
 * <p>One connection, guarded by this object's lock. When SQLite fails (disk full, directory made
 * read-only) the call throws a {@link StorageException}, the transaction is rolled back so nothing
 * stored before is lost, and the connection is opened again on the next call: the engine recovers
 * by itself once the cause is gone.
 */
public final class SqliteStorageEngine implements StorageEngine {

  private final Path file;
  private final Clock clock;
  private final SqliteBound bound;
  private Connection connection;
  private SqliteStatements statements;
  private QueueIds queueIds;

  /** The id of the next record; the file is locked exclusively, so no one else adds rows. */
  private long nextRowId;

  private SqliteStorageEngine(SqliteConfig config, Clock clock, Connection connection) {
    this.file = config.databaseFile();
    this.clock = clock;
    this.bound = new SqliteBound(config.maxBytes());
    attach(connection);
  }

  /** Opens (or creates) the database of {@code config}; see {@link SqliteDatabase}. */
  public static SqliteStorageEngine open(SqliteConfig config, Clock clock) {
    return new SqliteStorageEngine(
        config, clock, SqliteDatabase.open(config.databaseFile(), clock, true));
  }

  @Override
  public synchronized long cleanupOutdated(Queue queue, Duration ttl) {
    double threshold = clock.millis() / 1000.0 - ttl.toMillis() / 1000.0;
    return write(
        "cleanup",
        () -> {
          Integer id = queueIds.find(queue);
          if (id == null) {
            return 0L;
          }
          PreparedStatement delete =
              statements.get("DELETE FROM records WHERE queue = ? AND ts < ?");
          delete.setInt(1, id);
          delete.setDouble(2, threshold);
          return (long) delete.executeUpdate();
        });
  }

  @Override
  public List<StoredKey> collectKeys(Queue queue, int amount) {
    return collectKeysSince(queue, Double.NEGATIVE_INFINITY, amount);
  }

  @Override
  public synchronized List<StoredKey> collectKeysSince(
      Queue queue, double sinceSeconds, int amount) {
    if (Double.isNaN(sinceSeconds) || sinceSeconds == Double.POSITIVE_INFINITY) {
      return List.of();
    }
    return read(
        "reading keys",
        () -> {
          Integer id = queueIds.find(queue);
          if (id == null) {
            return List.of();
          }
          PreparedStatement select =
              statements.get(
                  "SELECT key, ts FROM records WHERE queue = ? AND ts >= ?"
                      + " ORDER BY ts, key LIMIT ?");
          select.setInt(1, id);
          select.setDouble(2, Math.max(sinceSeconds, -Double.MAX_VALUE));
          select.setInt(3, amount <= 0 ? -1 : amount);
          List<StoredKey> keys = new ArrayList<>();
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              keys.add(new StoredKey(rows.getString(1), rows.getDouble(2)));
            }
          }
          return keys;
        });
  }

  @Override
  public synchronized List<StoredRecord> collectValues(Queue queue, Collection<String> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    return read(
        "reading records",
        () -> {
          Integer id = queueIds.find(queue);
          if (id == null) {
            return List.of();
          }
          Map<String, String> found = new HashMap<>(keys.size() * 2);
          for (List<String> chunk : KeyChunks.of(keys)) {
            PreparedStatement select =
                statements.get(
                    "SELECT key, json FROM records WHERE +queue = ?"
                        + KeyChunks.ID_AND_KEY_IN_LISTS);
            select.setInt(1, id);
            KeyChunks.bind(select, 2, chunk);
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                found.put(rows.getString(1), rows.getString(2));
              }
            }
          }
          List<StoredRecord> records = new ArrayList<>(found.size());
          for (String key : keys) {
            String json = found.get(key);
            if (json != null) {
              records.add(new StoredRecord(key, json));
            }
          }
          return records;
        });
  }

  @Override
  public synchronized long deleteRecords(Queue queue, Collection<String> keys) {
    if (keys.isEmpty()) {
      return 0;
    }
    return write("deleting records", () -> delete(queue, keys));
  }

  @Override
  public synchronized List<String> storeRecords(Queue queue, List<NewRecord> records) {
    if (records.isEmpty()) {
      return List.of();
    }
    return write("storing records", () -> insert(queue, records));
  }

  @Override
  public synchronized long queueSize(Queue queue) {
    return read(
        "counting records",
        () -> {
          Integer id = queueIds.find(queue);
          if (id == null) {
            return 0L;
          }
          PreparedStatement count = statements.get("SELECT count(*) FROM records WHERE queue = ?");
          count.setInt(1, id);
          try (ResultSet rows = count.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0L;
          }
        });
  }

  @Override
  public synchronized void storeAndDelete(
      Queue target, List<NewRecord> records, Queue source, Collection<String> keys) {
    if (records.isEmpty() && keys.isEmpty()) {
      return;
    }
    write(
        "storing the hand-over",
        () -> {
          insert(target, records);
          delete(source, keys);
          return null;
        });
  }

  @Override
  public synchronized Map<Queue, Long> enforceBound() {
    return read(
        "enforcing the size bound",
        () ->
            bound.enforce(connection, queueIds, file.resolveSibling(file.getFileName() + "-wal")));
  }

  @Override
  public String describeBound() {
    return bound.describe();
  }

  @Override
  public synchronized boolean isReachable() {
    try {
      read(
          "checking",
          () -> {
            try (ResultSet rows = statements.get("SELECT 1").executeQuery()) {
              return rows.next();
            }
          });
      return true;
    } catch (StorageException e) {
      return false;
    }
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      detach();
    }
  }

  private List<String> insert(Queue queue, List<NewRecord> records) throws SQLException {
    if (records.isEmpty()) {
      return List.of();
    }
    int id = queueIds.findOrCreate(queue);
    PreparedStatement insert =
        statements.get("INSERT INTO records (id, queue, key, ts, json) VALUES (?, ?, ?, ?, ?)");
    List<String> keys = new ArrayList<>(records.size());
    for (NewRecord record : records) {
      long rowId = nextRowId++;
      String key = RowKeys.newKey(rowId);
      insert.setLong(1, rowId);
      insert.setInt(2, id);
      insert.setString(3, key);
      insert.setDouble(4, record.timestamp());
      insert.setString(5, record.json());
      insert.executeUpdate();
      keys.add(key);
    }
    return keys;
  }

  private long delete(Queue queue, Collection<String> keys) throws SQLException {
    Integer id = queueIds.find(queue);
    if (id == null || keys.isEmpty()) {
      return 0;
    }
    PreparedStatement delete =
        statements.get("DELETE FROM records WHERE +queue = ?" + KeyChunks.ID_AND_KEY_IN_LISTS);
    delete.setInt(1, id);
    long deleted = 0;
    for (List<String> chunk : KeyChunks.of(keys)) {
      KeyChunks.bind(delete, 2, chunk);
      deleted += delete.executeUpdate();
    }
    return deleted;
  }

  /** A unit of work against the connection. */
  @FunctionalInterface
  private interface Work<T> {
    T run() throws SQLException;
  }

  private <T> T read(String action, Work<T> work) {
    reconnectIfNeeded();
    try {
      return work.run();
    } catch (SQLException e) {
      throw fail(action, e);
    }
  }

  /** Runs {@code work} in one transaction: all of it is stored, or none. */
  private <T> T write(String action, Work<T> work) {
    reconnectIfNeeded();
    try {
      connection.setAutoCommit(false);
      T result = work.run();
      connection.commit();
      connection.setAutoCommit(true);
      return result;
    } catch (SQLException e) {
      throw fail(action, e);
    }
  }

  /** Gives up the connection after a failure, so the next call starts from a clean one. */
  private StorageException fail(String action, SQLException e) {
    StorageException failure = SqliteErrors.failure(action, file, e);
    detach();
    return failure;
  }

  private void reconnectIfNeeded() {
    if (connection == null) {
      attach(SqliteDatabase.open(file, clock, false));
    }
  }

  private void attach(Connection opened) {
    this.connection = opened;
    this.statements = new SqliteStatements(opened);
    this.queueIds = new QueueIds(statements);
    try (ResultSet rows =
        statements.get("SELECT coalesce(max(id), 0) + 1 FROM records").executeQuery()) {
      rows.next();
      nextRowId = rows.getLong(1);
    } catch (SQLException e) {
      throw fail("reading the last record id", e);
    }
  }

  private void detach() {
    Connection closing = connection;
    SqliteStatements closingStatements = statements;
    connection = null;
    statements = null;
    queueIds = null;
    try {
      closingStatements.close();
      closing.close();
    } catch (SQLException ignored) {
      // closing rolls back whatever was not committed; nothing else to do
    }
  }
}
