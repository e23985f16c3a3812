package io.chouette.core.storage.memory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A full block, frozen: timestamps sorted in a primitive array, the JSON texts deflated together
 * (each preceded by its length in bytes as a varint). Records of one queue share names, tags and
 * layout, so a block deflates to a small fraction of its text; this is what lets the memory engine
 * hold a backlog of millions of records in a heap of tens of megabytes.
 */
final class DeflatedBlock implements RecordBlock {
  private static final byte[] NO_BYTES = new byte[0];

  private final long firstSequence;
  private final double[] timestamps;
  // Position <-> insertion index; both null when the records arrived oldest first.
  private final char[] indexByPosition;
  private final char[] positionByIndex;
  private final BitSet alive;
  private int aliveCount;
  private final byte[] deflated;
  private final int inflatedLength;

  private DeflatedBlock(
      long firstSequence,
      double[] timestamps,
      char[] indexByPosition,
      char[] positionByIndex,
      BitSet alive,
      byte[] deflated,
      int inflatedLength) {
    this.firstSequence = firstSequence;
    this.timestamps = timestamps;
    this.indexByPosition = indexByPosition;
    this.positionByIndex = positionByIndex;
    this.alive = alive;
    this.aliveCount = alive.cardinality();
    this.deflated = deflated;
    this.inflatedLength = inflatedLength;
  }

  /** Freezes a full open block, in one pass over its records oldest first. */
  static DeflatedBlock of(OpenBlock open) {
    int count = open.count();
    double[] timestamps = new double[count];
    char[] indexByPosition = open.isInOrder() ? null : new char[count];
    char[] positionByIndex = open.isInOrder() ? null : new char[count];
    BitSet alive = new BitSet(count);
    ByteArrayOutputStream texts = new ByteArrayOutputStream(count * 128);
    for (int position = 0; position < count; position++) {
      int index = open.indexAt(position);
      timestamps[position] = open.timestampAt(position);
      if (indexByPosition != null) {
        indexByPosition[position] = (char) index;
        positionByIndex[index] = (char) position;
      }
      String text = open.textOf(index);
      byte[] bytes = NO_BYTES;
      if (text != null) {
        alive.set(position);
        bytes = text.getBytes(StandardCharsets.UTF_8);
      }
      writeVarint(texts, bytes.length);
      texts.writeBytes(bytes);
    }
    byte[] inflated = texts.toByteArray();
    return new DeflatedBlock(
        open.firstSequence(),
        timestamps,
        indexByPosition,
        positionByIndex,
        alive,
        deflate(inflated),
        inflated.length);
  }

  /** Heap taken by the deflated texts, for tests and benchmarks. */
  int deflatedBytes() {
    return deflated.length;
  }

  @Override
  public long firstSequence() {
    return firstSequence;
  }

  @Override
  public int count() {
    return timestamps.length;
  }

  @Override
  public int aliveCount() {
    return aliveCount;
  }

  @Override
  public int nextAlive(int position) {
    return alive.nextSetBit(position);
  }

  @Override
  public double timestampAt(int position) {
    return timestamps[position];
  }

  @Override
  public int indexAt(int position) {
    return indexByPosition == null ? position : indexByPosition[position];
  }

  @Override
  public int alivePositionOf(int index) {
    if (index < 0 || index >= timestamps.length) {
      return -1;
    }
    int position = positionByIndex == null ? index : positionByIndex[index];
    return alive.get(position) ? position : -1;
  }

  @Override
  public boolean removeAt(int position) {
    if (!alive.get(position)) {
      return false;
    }
    alive.clear(position);
    aliveCount--;
    return true;
  }

  @Override
  public List<String> textsAt(int[] positions) {
    byte[] inflated = inflate();
    int[] starts = new int[timestamps.length];
    int[] lengths = new int[timestamps.length];
    int offset = 0;
    for (int position = 0; position < timestamps.length; position++) {
      int length = 0;
      int shift = 0;
      byte next;
      do {
        next = inflated[offset++];
        length |= (next & 0x7F) << shift;
        shift += 7;
      } while (next < 0);
      starts[position] = offset;
      lengths[position] = length;
      offset += length;
    }
    List<String> result = new ArrayList<>(positions.length);
    for (int position : positions) {
      result.add(new String(inflated, starts[position], lengths[position], StandardCharsets.UTF_8));
    }
    return result;
  }

  private byte[] inflate() {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(deflated);
      byte[] inflated = new byte[inflatedLength];
      int done = 0;
      while (done < inflatedLength) {
        int read = inflater.inflate(inflated, done, inflatedLength - done);
        if (read == 0 && (inflater.needsInput() || inflater.finished())) {
          throw new DataFormatException("ends after " + done + " of " + inflatedLength + " bytes");
        }
        done += read;
      }
      return inflated;
    } catch (DataFormatException e) {
      throw new IllegalStateException("a memory block is corrupt", e);
    } finally {
      inflater.end();
    }
  }

  private static byte[] deflate(byte[] inflated) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try {
      deflater.setInput(inflated);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(inflated.length / 4 + 64);
      byte[] chunk = new byte[8192];
      while (!deflater.finished()) {
        out.write(chunk, 0, deflater.deflate(chunk));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  private static void writeVarint(ByteArrayOutputStream out, int value) {
    int rest = value;
    while ((rest & ~0x7F) != 0) {
      out.write((rest & 0x7F) | 0x80);
      rest >>>= 7;
    }
    out.write(rest);
  }
}
