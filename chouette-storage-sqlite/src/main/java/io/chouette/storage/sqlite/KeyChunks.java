package io.chouette.storage.sqlite;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Keys in chunks of {@link #SIZE}, for one statement per chunk instead of one per key. A row
 * matches when its id is in the id list (the primary key lookup) and its stored key is in the key
 * list, so a stale key whose id a later row reuses matches nothing. A short chunk repeats its last
 * key, so one prepared statement serves every chunk.
 */
final class KeyChunks {

  static final int SIZE = 250;

  /**
   * The condition to append after {@code WHERE +queue = ?}: SIZE ids, then SIZE keys. The unary
   * plus keeps SQLite from using the (queue, ts, key) index, which would scan the whole queue for
   * each chunk, so it looks the rows up by id.
   */
  static final String ID_AND_KEY_IN_LISTS =
      " AND id IN ("
          + String.join(", ", java.util.Collections.nCopies(SIZE, "?"))
          + ") AND key IN ("
          + String.join(", ", java.util.Collections.nCopies(SIZE, "?"))
          + ")";

  private KeyChunks() {}

  static List<List<String>> of(Collection<String> keys) {
    List<List<String>> chunks = new ArrayList<>(keys.size() / SIZE + 1);
    List<String> chunk = new ArrayList<>(SIZE);
    for (String key : keys) {
      chunk.add(key);
      if (chunk.size() == SIZE) {
        chunks.add(chunk);
        chunk = new ArrayList<>(SIZE);
      }
    }
    if (!chunk.isEmpty()) {
      chunks.add(chunk);
    }
    return chunks;
  }

  /** Binds {@code chunk}'s ids then its keys from parameter {@code first} on. */
  static void bind(PreparedStatement statement, int first, List<String> chunk) throws SQLException {
    for (int i = 0; i < SIZE; i++) {
      String key = chunk.get(Math.min(i, chunk.size() - 1));
      statement.setLong(first + i, RowKeys.rowId(key));
      statement.setString(first + SIZE + i, key);
    }
  }
}
