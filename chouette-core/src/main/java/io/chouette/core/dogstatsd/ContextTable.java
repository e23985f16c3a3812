package io.chouette.core.dogstatsd;

import io.chouette.core.metric.MetricType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the context of a metric line from its raw bytes (type, name, tag field as sent) without
 * decoding them: clients send a context the same way every time, so after the first line of a
 * context each following one costs a hash and a byte comparison, with no allocation. A miss falls
 * back to the canonical key (name, type, sorted unique tags), so one context may have several raw
 * spellings (tag order, duplicates, empty tags), each cached up to a bound.
 *
 * <p>Open addressing with linear probing; not thread-safe (guarded by {@link DogStatsdBuckets}).
 */
final class ContextTable {

  /** One live series: name, type and canonical tags, plus its accumulators' bookkeeping. */
  static final class Context {
    final String name;
    final MetricType type;
    final List<String> tags;
    final Key key;

    /** The accumulator used last, usually the one of the current bucket. */
    Accumulator current;

    /** Accumulators of this context in buckets not yet drained. */
    int liveAccumulators;

    /** Removed from the table: a cached spelling that still points here is stale. */
    boolean dead;

    Context(Key key) {
      this.key = key;
      this.name = key.name();
      this.type = key.type();
      this.tags = key.tags();
    }
  }

  /** The canonical context key. */
  record Key(String name, MetricType type, List<String> tags) {}

  private static final class Spelling {
    final byte[] bytes; // name bytes followed by tag-field bytes
    final int nameLength;
    final int typeOrdinal;
    final int hash;
    Context context;

    Spelling(byte[] bytes, int nameLength, int typeOrdinal, int hash, Context context) {
      this.bytes = bytes;
      this.nameLength = nameLength;
      this.typeOrdinal = typeOrdinal;
      this.hash = hash;
      this.context = context;
    }
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

  private final int maxSpellings;
  private Spelling[] slots = new Spelling[64];
  private int size;

  ContextTable(int maxSpellings) {
    this.maxSpellings = maxSpellings;
  }

  /** The hash of a line's raw context: type, name bytes and tag-field bytes. */
  static int hash(
      byte[] b, int nameStart, int nameEnd, int typeOrdinal, int tagsStart, int tagsEnd) {
    long h = mix(typeOrdinal + 1L, b, nameStart, nameEnd);
    h = mix(h * MULTIPLIER + 0x5BD1E995L, b, tagsStart, tagsEnd);
    h ^= h >>> 32;
    return (int) h;
  }

  private static long mix(long h, byte[] b, int start, int end) {
    int i = start;
    for (; i + 8 <= end; i += 8) {
      h = (h ^ (long) LONGS.get(b, i)) * MULTIPLIER;
      h ^= h >>> 29;
    }
    long tail = 0;
    for (int shift = 0; i < end; i++, shift += 8) {
      tail |= (b[i] & 0xFFL) << shift;
    }
    h = (h ^ tail ^ ((long) (end - start) << 56)) * MULTIPLIER;
    return h ^ (h >>> 31);
  }

  /** The live context spelled this way, or null. */
  Context find(
      byte[] b, int nameStart, int nameEnd, int typeOrdinal, int tagsStart, int tagsEnd, int hash) {
    Spelling s = slots[slotOf(b, nameStart, nameEnd, typeOrdinal, tagsStart, tagsEnd, hash)];
    return s == null || s.context.dead ? null : s.context;
  }

  /** Remembers a spelling of {@code context}; silently skipped once the table is full. */
  void put(
      byte[] b,
      int nameStart,
      int nameEnd,
      int typeOrdinal,
      int tagsStart,
      int tagsEnd,
      int hash,
      Context context) {
    int i = slotOf(b, nameStart, nameEnd, typeOrdinal, tagsStart, tagsEnd, hash);
    if (slots[i] != null) {
      slots[i].context = context; // the spelling's old context died
      return;
    }
    if (size >= maxSpellings) {
      return;
    }
    int nameLength = nameEnd - nameStart;
    int total = nameLength + tagsEnd - tagsStart;
    byte[] bytes = new byte[total];
    System.arraycopy(b, nameStart, bytes, 0, nameLength);
    System.arraycopy(b, tagsStart, bytes, nameLength, tagsEnd - tagsStart);
    slots[i] = new Spelling(bytes, nameLength, typeOrdinal, hash, context);
    if (++size * 2 > slots.length) {
      rehash(slots.length * 2);
    }
  }

  /** The slot holding this spelling, or the empty slot where it belongs (linear probing). */
  private int slotOf(
      byte[] b, int nameStart, int nameEnd, int typeOrdinal, int tagsStart, int tagsEnd, int hash) {
    int mask = slots.length - 1;
    int nameLength = nameEnd - nameStart;
    int total = nameLength + tagsEnd - tagsStart;
    int i = hash & mask;
    for (Spelling s = slots[i]; s != null; s = slots[i]) {
      if (s.hash == hash
          && s.typeOrdinal == typeOrdinal
          && s.nameLength == nameLength
          && s.bytes.length == total
          && Arrays.equals(s.bytes, 0, nameLength, b, nameStart, nameEnd)
          && Arrays.equals(s.bytes, nameLength, total, b, tagsStart, tagsEnd)) {
        return i;
      }
      i = (i + 1) & mask;
    }
    return i;
  }

  /** Forgets every spelling of a dead context. */
  void removeDead() {
    int live = 0;
    for (Spelling s : slots) {
      if (s != null && !s.context.dead) {
        live++;
      }
    }
    int capacity = 64;
    while (capacity < live * 2) {
      capacity *= 2;
    }
    Spelling[] old = slots;
    slots = new Spelling[capacity];
    size = 0;
    for (Spelling s : old) {
      if (s != null && !s.context.dead) {
        insert(s);
      }
    }
  }

  int size() {
    return size;
  }

  private void rehash(int capacity) {
    Spelling[] old = slots;
    slots = new Spelling[capacity];
    size = 0;
    for (Spelling s : old) {
      if (s != null) {
        insert(s);
      }
    }
  }

  private void insert(Spelling s) {
    int mask = slots.length - 1;
    int i = s.hash & mask;
    while (slots[i] != null) {
      i = (i + 1) & mask;
    }
    slots[i] = s;
    size++;
  }
}
