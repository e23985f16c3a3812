package io.chouette.core.storage.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The block that takes new records, as plain strings, until it holds {@link #CAPACITY}; then the
 * queue deflates it ({@link DeflatedBlock}) and opens the next one.
 */
final class OpenBlock implements RecordBlock {
  /** Records per block: enough for deflate to find the repetition between records. */
  static final int CAPACITY = 1024;

  private final long firstSequence;
  private final double[] timestamps = new double[CAPACITY];
  private final String[] texts = new String[CAPACITY];
  private int count;
  private int aliveCount;
  // Built when asked for, and only once records stopped arriving oldest first.
  private int[] indexByPosition;
  private int[] positionByIndex;
  private boolean inOrder = true;

  OpenBlock(long firstSequence) {
    this.firstSequence = firstSequence;
  }

  boolean isFull() {
    return count == CAPACITY;
  }

  /** Adds a record; returns its sequence number. */
  long add(double timestamp, String json) {
    if (count > 0 && Double.compare(timestamp, timestamps[count - 1]) < 0) {
      inOrder = false;
    }
    timestamps[count] = timestamp;
    texts[count] = json;
    indexByPosition = null;
    aliveCount++;
    return firstSequence + count++;
  }

  /** The text with insertion {@code index}, or null if it was removed. */
  String textOf(int index) {
    return texts[index];
  }

  /** Whether positions and insertion indexes are the same. */
  boolean isInOrder() {
    return inOrder;
  }

  @Override
  public long firstSequence() {
    return firstSequence;
  }

  @Override
  public int count() {
    return count;
  }

  @Override
  public int aliveCount() {
    return aliveCount;
  }

  @Override
  public int nextAlive(int position) {
    for (int p = position; p < count; p++) {
      if (texts[indexAt(p)] != null) {
        return p;
      }
    }
    return -1;
  }

  @Override
  public double timestampAt(int position) {
    return timestamps[indexAt(position)];
  }

  @Override
  public int indexAt(int position) {
    return inOrder ? position : sortedOrder()[position];
  }

  @Override
  public int alivePositionOf(int index) {
    if (index < 0 || index >= count || texts[index] == null) {
      return -1;
    }
    if (inOrder) {
      return index;
    }
    sortedOrder();
    return positionByIndex[index];
  }

  @Override
  public boolean removeAt(int position) {
    int index = indexAt(position);
    if (texts[index] == null) {
      return false;
    }
    texts[index] = null;
    aliveCount--;
    return true;
  }

  @Override
  public List<String> textsAt(int[] positions) {
    List<String> result = new ArrayList<>(positions.length);
    for (int position : positions) {
      result.add(texts[indexAt(position)]);
    }
    return result;
  }

  private int[] sortedOrder() {
    if (indexByPosition == null) {
      Integer[] indexes = new Integer[count];
      Arrays.setAll(indexes, i -> i);
      // A stable sort: equal timestamps keep insertion order, which is key order.
      Arrays.sort(indexes, Comparator.comparingDouble(i -> timestamps[i]));
      indexByPosition = Arrays.stream(indexes).mapToInt(Integer::intValue).toArray();
      positionByIndex = new int[count];
      for (int position = 0; position < count; position++) {
        positionByIndex[indexByPosition[position]] = position;
      }
    }
    return indexByPosition;
  }
}
