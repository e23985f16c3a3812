package io.chouette.core.dogstatsd;

import io.chouette.core.config.OriginDetectionConfig.Cardinality;

/**
 * The {@code card:} field of a message (protocol v1.6): the cardinality of the origin tags this
 * message wants, overriding {@code DOGSTATSD_TAG_CARDINALITY}. Chouette's container tags have no
 * orchestrator level, so {@link #ORCHESTRATOR} gives the low ones.
 */
enum MessageCardinality {
  /** No origin tags at all. */
  NONE(null),
  LOW(Cardinality.LOW),
  ORCHESTRATOR(Cardinality.LOW),
  HIGH(Cardinality.HIGH);

  private final Cardinality tags;

  MessageCardinality(Cardinality tags) {
    this.tags = tags;
  }

  /** The container tags to add; null for none. */
  Cardinality tags() {
    return tags;
  }

  /**
   * The value {@code b[start, end)}, in any case as the Agent reads it; null when it is none of
   * {@code none}, {@code low}, {@code orchestrator}, {@code high} (the default then applies).
   */
  static MessageCardinality parse(byte[] b, int start, int end) {
    for (MessageCardinality value : values()) {
      String name = value.name();
      if (end - start == name.length() && equalsIgnoreCase(b, start, name)) {
        return value;
      }
    }
    return null;
  }

  private static boolean equalsIgnoreCase(byte[] b, int start, String upper) {
    for (int i = 0; i < upper.length(); i++) {
      int c = b[start + i];
      if (c >= 'a' && c <= 'z') {
        c -= 'a' - 'A';
      }
      if (c != upper.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
