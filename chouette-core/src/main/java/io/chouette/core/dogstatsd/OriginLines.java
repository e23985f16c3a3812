package io.chouette.core.dogstatsd;

import io.chouette.core.dogstatsd.origin.OriginResolver;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Adds the sender's container tags to a metric line before its context is looked up: the line is
 * copied with the tags appended to its tag field ({@code |#} added when it has none), and the
 * parsed offsets are moved into the copy. The sender is the {@code c:} field when the line has one
 * (protocol v1.2: a container id, or {@code ci-<id>}), else the process that sent the datagram or
 * opened the stream connection. Events and service checks get the same tags as a list ({@link
 * #tagList}). Receive path only (under the buckets' lock).
 */
public final class OriginLines {

  private static final int MAX_ID_LENGTH = 128;

  private final OriginResolver resolver;
  private byte[] copy = new byte[Chunk.MAX_DATAGRAM_BYTES];

  // The c: values seen last, by hash, so that a repeated field costs no String.
  private static final int FIELDS = 64;
  private final byte[][] fields = new byte[FIELDS][];
  private final String[] ids = new String[FIELDS];

  public OriginLines(OriginResolver resolver) {
    this.resolver = resolver;
  }

  /**
   * The line {@code b[start, end)} parsed in {@code line}, with its sender's container tags, in a
   * buffer of this object's (valid until the next call), {@code line}'s offsets pointing into it;
   * or null when no container tags are known for the sender (the line is left alone).
   */
  byte[] addTags(byte[] b, int start, int end, ParsedLine line, int pid, long nowMillis) {
    byte[] tags = senderTags(b, line, pid, nowMillis);
    if (tags == null) {
      return null;
    }
    int length = end - start;
    if (copy.length < length + tags.length + 2) {
      copy = new byte[length + tags.length + 2];
    }
    boolean hasTags = line.tagsEnd > line.tagsStart;
    int insertAt = hasTags ? line.tagsEnd : end;
    int head = insertAt - start;
    System.arraycopy(b, start, copy, 0, head);
    int at = head;
    if (hasTags) {
      copy[at++] = ',';
    } else {
      copy[at++] = '|';
      copy[at++] = '#';
    }
    int tagsStart = hasTags ? line.tagsStart - start : at;
    System.arraycopy(tags, 0, copy, at, tags.length);
    at += tags.length;
    int tagsEnd = at;
    System.arraycopy(b, insertAt, copy, at, end - insertAt);
    line.nameStart -= start;
    line.nameEnd -= start;
    line.valueStart -= start;
    line.valueEnd -= start;
    line.tagsStart = tagsStart;
    line.tagsEnd = tagsEnd;
    line.containerStart = line.containerEnd = 0;
    return copy;
  }

  /**
   * The sender's container tags for an event or service check parsed in {@code line} (its {@code
   * c:} field, else process {@code pid}); empty when none are known.
   */
  List<String> tagList(byte[] b, ParsedLine line, int pid, long nowMillis) {
    byte[] tags = senderTags(b, line, pid, nowMillis);
    return tags == null ? List.of() : List.of(new String(tags, StandardCharsets.UTF_8).split(","));
  }

  /** The container tags, comma-separated; null when none are known. */
  private byte[] senderTags(byte[] b, ParsedLine line, int pid, long nowMillis) {
    String containerId = null;
    if (line.containerEnd > line.containerStart) {
      // null for a form naming no container id: the sending process is asked instead
      containerId = containerId(b, line.containerStart, line.containerEnd);
    }
    byte[] tags = resolver.tags(containerId, pid, nowMillis);
    return tags == null || tags.length == 0 ? null : tags;
  }

  /** The container id of a {@code c:} value; null for a form that names none ({@code in-}). */
  private String containerId(byte[] b, int start, int end) {
    int slot = hash(b, start, end) & (FIELDS - 1);
    byte[] field = fields[slot];
    if (field != null && Arrays.equals(b, start, end, field, 0, field.length)) {
      return ids[slot];
    }
    String id = null;
    int from = start;
    if (end - start > 3 && b[start] == 'c' && b[start + 1] == 'i' && b[start + 2] == '-') {
      from = start + 3;
    }
    boolean inode =
        end - start > 3 && b[start] == 'i' && b[start + 1] == 'n' && b[start + 2] == '-';
    if (!inode && end - from <= MAX_ID_LENGTH && plainId(b, from, end)) {
      id = new String(b, from, end - from, StandardCharsets.US_ASCII);
    }
    fields[slot] = Arrays.copyOfRange(b, start, end);
    ids[slot] = id;
    return id;
  }

  private static int hash(byte[] b, int start, int end) {
    int h = 1;
    for (int i = start; i < end; i++) {
      h = 31 * h + b[i];
    }
    return h ^ (h >>> 16);
  }

  /** Only characters a container id has, so that a bad one never reaches the engine's URL. */
  private static boolean plainId(byte[] b, int start, int end) {
    for (int i = start; i < end; i++) {
      byte c = b[i];
      boolean ok =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || c == '-'
              || c == '_'
              || c == '.';
      if (!ok) {
        return false;
      }
    }
    return end > start;
  }
}
