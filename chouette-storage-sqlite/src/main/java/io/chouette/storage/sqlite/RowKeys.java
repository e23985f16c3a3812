package io.chouette.storage.sqlite;

import io.chouette.core.storage.RecordKeys;

/**
 * Record keys that carry their row's id: a random version 4 UUID whose last 48 bits (the node
 * field) are the row id. A read or delete by key then goes straight to the row, with no index on
 * the keys; the random rest, checked against the stored key, keeps a stale key from matching a
 * later row that reuses the id.
 */
final class RowKeys {

  private static final int NODE_DIGITS = 12;
  private static final long MAX_ID = (1L << 48) - 1;

  private RowKeys() {}

  static String newKey(long rowId) {
    if (rowId < 1 || rowId > MAX_ID) {
      throw new IllegalArgumentException("row id out of range: " + rowId);
    }
    String random = RecordKeys.newKey();
    String node = Long.toHexString(rowId);
    return random.substring(0, random.length() - NODE_DIGITS)
        + "0".repeat(NODE_DIGITS - node.length())
        + node;
  }

  /** The row id in {@code key}, or -1 when it is not a key of this engine. */
  static long rowId(String key) {
    if (key.length() != 36) {
      return -1;
    }
    long id = 0;
    for (int i = 36 - NODE_DIGITS; i < 36; i++) {
      int digit = Character.digit(key.charAt(i), 16);
      if (digit < 0) {
        return -1;
      }
      id = id << 4 | digit;
    }
    return id;
  }
}
