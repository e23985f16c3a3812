package io.chouette.core.dogstatsd;

import io.chouette.core.config.OriginDetectionConfig.Cardinality;
import io.chouette.core.dogstatsd.origin.OriginResolver;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Adds the sender's container tags to a metric line before its context is looked up: the line is
 * copied with the tags appended to its tag field ({@code |#} added when it has none), and the
 * parsed offsets are moved into the copy. The sender is the {@code c:} field when the line has one
 * (protocol v1.2: a container id, or {@code ci-<id>}), else the process that sent the datagram or
 * opened the stream connection; a {@code card:} field chooses the cardinality of the tags ({@code
 * none}: no tags) instead of {@code DOGSTATSD_TAG_CARDINALITY}. Events and service checks get the
 * same tags as a list ({@link #tagList}). Receive path only (under the buckets' lock).
 */
public final class OriginLines {

  private static final int MAX_ID_LENGTH = 128;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

  private final OriginResolver resolver;
  private byte[] copy = new byte[Chunk.MAX_DATAGRAM_BYTES];

  // The c: values seen last, by hash, so that a repeated field costs no String.
  private static final int FIELDS = 64;
  private final byte[][] fields = new byte[FIELDS][];
  private final String[] ids = new String[FIELDS];

  private final Cardinality defaultCardinality;

  // The senders of the datagram being parsed (see senderTags).
  private boolean fieldMemoValid;
  private byte[] fieldMemo = new byte[MAX_ID_LENGTH + 8];
  private int fieldMemoLength;
  private Cardinality fieldMemoCardinality;
  private byte[] fieldMemoTags;
  private boolean pidMemoValid;
  private Cardinality pidMemoCardinality;
  private byte[] pidMemoTags;

  public OriginLines(OriginResolver resolver) {
    this.resolver = resolver;
    this.defaultCardinality = resolver.cardinality();
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

  /**
   * Forgets the sender remembered from the previous datagram: what follows may come from another
   * process, and the resolver's answers may have changed.
   */
  void newDatagram() {
    fieldMemoValid = false;
    pidMemoValid = false;
  }

  /**
   * The container tags, comma-separated; null when none are known. Within one datagram the last
   * {@code c:} value's tags and the sending process's are remembered, so that lines from one sender
   * (the usual datagram) cost one comparison instead of a lookup each.
   */
  private byte[] senderTags(byte[] b, ParsedLine line, int pid, long nowMillis) {
    Cardinality cardinality = defaultCardinality;
    if (line.cardinality != null) {
      cardinality = line.cardinality.tags();
      if (cardinality == null) {
        return null; // card:none
      }
    }
    int start = line.containerStart;
    int end = line.containerEnd;
    if (end > start) {
      if (fieldMemoValid
          && cardinality == fieldMemoCardinality
          && Arrays.equals(b, start, end, fieldMemo, 0, fieldMemoLength)) {
        return fieldMemoTags;
      }
      // null for a form naming no container id: the sending process is asked instead
      String containerId = containerId(b, start, end);
      byte[] tags = known(resolver.tags(containerId, pid, nowMillis, cardinality));
      if (fieldMemo.length < end - start) {
        fieldMemo = new byte[end - start];
      }
      System.arraycopy(b, start, fieldMemo, 0, end - start);
      fieldMemoLength = end - start;
      fieldMemoCardinality = cardinality;
      fieldMemoTags = tags;
      fieldMemoValid = true;
      return tags;
    }
    if (pidMemoValid && cardinality == pidMemoCardinality) {
      return pidMemoTags;
    }
    pidMemoTags = known(resolver.tags(null, pid, nowMillis, cardinality));
    pidMemoCardinality = cardinality;
    pidMemoValid = true;
    return pidMemoTags;
  }

  private static byte[] known(byte[] tags) {
    return tags == null || tags.length == 0 ? null : tags;
  }

  /**
   * The container id of a {@code c:} value: a bare id (v1.2), or the {@code ci-<id>} item of the
   * comma-separated local data (v1.4: {@code ci-<id>,in-<cgroup inode>}); null when it names no
   * container id ({@code in-} alone, which Chouette does not resolve) or is not a plain id.
   */
  private String containerId(byte[] b, int start, int end) {
    int slot = slot(b, start, end);
    byte[] field = fields[slot];
    if (field != null && Arrays.equals(b, start, end, field, 0, field.length)) {
      return ids[slot];
    }
    String id = null;
    for (int item = start; item < end; ) {
      int comma = DogStatsdParser.indexOf(b, item, end, (byte) ',');
      int itemEnd = comma < 0 ? end : comma;
      int from = -1;
      if (hasPrefix(b, item, itemEnd, 'c', 'i')) {
        from = item + 3;
      } else if (item == start && itemEnd == end && !hasPrefix(b, item, itemEnd, 'i', 'n')) {
        from = item; // the v1.2 form: the whole field is the id
      }
      if (from >= 0 && itemEnd - from <= MAX_ID_LENGTH && plainId(b, from, itemEnd)) {
        id = new String(b, from, itemEnd - from, StandardCharsets.US_ASCII);
      }
      item = itemEnd + 1;
    }
    fields[slot] = Arrays.copyOfRange(b, start, end);
    ids[slot] = id;
    return id;
  }

  /** Whether {@code b[start, end)} starts with the two letters and a dash, and goes on. */
  private static boolean hasPrefix(byte[] b, int start, int end, char first, char second) {
    return end - start > 3 && b[start] == first && b[start + 1] == second && b[start + 2] == '-';
  }

  /** The slot of {@link #fields} for the {@code c:} value {@code b[start, end)}. */
  static int slot(byte[] b, int start, int end) {
    return hash(b, start, end) & (FIELDS - 1);
  }

  /**
   * A slot hash of a {@code c:} value from its length and its first and last eight bytes: container
   * ids are random hex, so their ends tell them apart, and a collision costs one comparison.
   */
  private static int hash(byte[] b, int start, int end) {
    int length = end - start;
    if (length < 8) {
      int h = length;
      for (int i = start; i < end; i++) {
        h = 31 * h + b[i];
      }
      return h;
    }
    long h = (long) LONGS.get(b, start) * 31 + (long) LONGS.get(b, end - 8) + length;
    // a product carries bits only upwards: fold the high ones down before and after it
    h = (h ^ (h >>> 33)) * MULTIPLIER;
    return (int) (h ^ (h >>> 33));
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
