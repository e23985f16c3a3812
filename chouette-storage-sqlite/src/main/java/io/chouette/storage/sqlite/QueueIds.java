package io.chouette.storage.sqlite;

import io.chouette.core.storage.Queue;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The small integer each queue's records carry instead of its name, from the {@code queues} table.
 * Belongs to one connection and is dropped with it.
 */
final class QueueIds {

  private final SqliteStatements statements;
  private final Map<Queue, Integer> known = new HashMap<>();

  QueueIds(SqliteStatements statements) {
    this.statements = statements;
  }

  /** The queue's id, or null when it never held a record. */
  Integer find(Queue queue) throws SQLException {
    Integer id = known.get(queue);
    if (id != null) {
      return id;
    }
    PreparedStatement select = statements.get("SELECT id FROM queues WHERE name = ?");
    select.setString(1, queue.name());
    try (ResultSet rows = select.executeQuery()) {
      if (rows.next()) {
        id = rows.getInt(1);
        known.put(queue, id);
      }
    }
    return id;
  }

  /** The queue's id, created in the caller's transaction when needed. */
  int findOrCreate(Queue queue) throws SQLException {
    Integer id = find(queue);
    if (id != null) {
      return id;
    }
    PreparedStatement insert =
        statements.get("INSERT INTO queues (name, wrapped) VALUES (?, ?) RETURNING id");
    insert.setString(1, queue.name());
    insert.setInt(2, queue.wrapped() ? 1 : 0);
    try (ResultSet rows = insert.executeQuery()) {
      rows.next();
      id = rows.getInt(1);
    }
    // Safe to remember before the commit: a failed transaction drops this whole object.
    known.put(queue, id);
    return id;
  }

  /** Every wrapped queue with its id. */
  Map<Integer, Queue> wrapped() throws SQLException {
    Map<Integer, Queue> queues = new LinkedHashMap<>();
    try (ResultSet rows =
        statements
            .get("SELECT id, name FROM queues WHERE wrapped = 1 ORDER BY id")
            .executeQuery()) {
      while (rows.next()) {
        queues.put(rows.getInt(1), fromName(rows.getString(2)));
      }
    }
    return queues;
  }

  /** {@code chouette:{type}:wrapped} back to its queue. */
  private static Queue fromName(String name) {
    String[] parts = name.split(":");
    return new Queue(parts[1], "wrapped".equals(parts[2]));
  }
}
