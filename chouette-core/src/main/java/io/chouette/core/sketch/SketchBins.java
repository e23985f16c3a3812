package io.chouette.core.sketch;

import java.util.Arrays;

/**
 * The sparse bins of an open sketch, kept exactly as the Agent's {@code sparseStore} ({@code
 * pkg/quantile/store.go}, {@code bin.go}): sorted by key, each count at most {@link #MAX_BIN_COUNT}
 * (a larger count takes several bins with the same key, the remainder first), and at most {@link
 * #BIN_LIMIT} bins after each merge, the lowest ones folded into the next one up ({@code
 * trimLeft}).
 *
 * <p>A merge writes the current bins and the new keys into the thread's {@link SketchScratch}, then
 * copies the result back. Arrays only grow, so a reused instance allocates nothing once it has seen
 * its widest data. Not thread-safe.
 */
final class SketchBins {

  /** A bin count is a uint16 in the Agent. */
  static final int MAX_BIN_COUNT = 0xFFFF;

  /** The Agent's default {@code binLimit}. */
  static final int BIN_LIMIT = 4096;

  private int[] keys;
  private int[] counts;
  private int size;

  /** Sum of the bin counts (the Agent's {@code sparseStore.count}). */
  private long count;

  SketchBins() {
    this(64);
  }

  SketchBins(int capacity) {
    keys = new int[capacity];
    counts = new int[capacity];
  }

  int size() {
    return size;
  }

  long count() {
    return count;
  }

  int[] keysCopy() {
    return Arrays.copyOf(keys, size);
  }

  int[] countsCopy() {
    return Arrays.copyOf(counts, size);
  }

  void clear() {
    size = 0;
    count = 0;
  }

  /**
   * Merges {@code sorted[0..length)}, ascending keys of one sample each, as the Agent's {@code
   * sparseStore.insert}: a run of equal keys adds its length to the first bin of that key (or to a
   * new bin), then the bins are trimmed to the limit.
   */
  void insertSorted(int[] sorted, int length) {
    if (length == 0) {
      return;
    }
    count += length;
    // each run gives at most two bins (a bin count plus at most length <= 2 * MAX_BIN_COUNT)
    SketchScratch scratch = SketchScratch.current();
    scratch.ensureBins(size + 2 * length);
    int[] outKeys = scratch.binKeys();
    int[] outCounts = scratch.binCounts();
    int s = 0;
    int o = 0;
    int j = 0;
    while (j < length) {
      int key = sorted[j];
      int end = j + 1;
      while (end < length && sorted[end] == key) {
        end++;
      }
      int run = end - j;
      j = end;
      int below = s;
      while (below < size && keys[below] < key) {
        below++;
      }
      if (below > s) {
        System.arraycopy(keys, s, outKeys, o, below - s);
        System.arraycopy(counts, s, outCounts, o, below - s);
        o += below - s;
        s = below;
      }
      if (s < size && keys[s] == key) {
        o = appendSafe(outKeys, outCounts, o, key, counts[s] + run);
        s++;
      } else {
        o = appendSafe(outKeys, outCounts, o, key, run);
      }
    }
    finishMerge(s, o, outKeys, outCounts);
  }

  /**
   * Adds {@code n} samples of one key, as the Agent's {@code sparseStore.insertCounts} with one
   * key-count, then trims the bins to the limit.
   *
   * @param n at most {@link SketchBuilder#MAX_WEIGHT}
   */
  void insertCount(int key, int n) {
    if (n <= 0) {
      return;
    }
    count += n;
    int s = lowerBound(key);
    if (size <= BIN_LIMIT && s < size && keys[s] == key && counts[s] + n <= MAX_BIN_COUNT) {
      // the merge would copy every bin and change this one only, and its trim would do nothing
      // (after a trim that kept overflow bins, the next merge trims again even without new bins)
      counts[s] += n;
      return;
    }
    SketchScratch scratch = SketchScratch.current();
    scratch.ensureBins(size + 2 + n / MAX_BIN_COUNT);
    int[] outKeys = scratch.binKeys();
    int[] outCounts = scratch.binCounts();
    System.arraycopy(keys, 0, outKeys, 0, s);
    System.arraycopy(counts, 0, outCounts, 0, s);
    int o = s;
    if (s < size && keys[s] == key) {
      o = appendSafe(outKeys, outCounts, o, key, counts[s] + n);
      s++;
    } else {
      o = appendSafe(outKeys, outCounts, o, key, n);
    }
    finishMerge(s, o, outKeys, outCounts);
  }

  /** The index of the first bin whose key is not below {@code key} ({@code size} if none). */
  private int lowerBound(int key) {
    int low = 0;
    int high = size;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (keys[mid] < key) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /**
   * Copies the bins from {@code s} on after the {@code o} merged ones, takes the result back from
   * the scratch arrays and trims.
   */
  private void finishMerge(int s, int o, int[] outKeys, int[] outCounts) {
    int rest = size - s;
    System.arraycopy(keys, s, outKeys, o, rest);
    System.arraycopy(counts, s, outCounts, o, rest);
    int merged = o + rest;
    if (keys.length < merged) {
      int capacity = Math.max(merged, keys.length * 2);
      keys = new int[capacity];
      counts = new int[capacity];
    }
    System.arraycopy(outKeys, 0, keys, 0, merged);
    System.arraycopy(outCounts, 0, counts, 0, merged);
    size = merged;
    trimLeft();
  }

  /**
   * Writes {@code n} samples of one key at {@code o}, as the Agent's {@code appendSafe}: one bin
   * when it fits, else the remainder (when not zero) and then full bins.
   *
   * @return the next free index
   */
  private static int appendSafe(int[] outKeys, int[] outCounts, int o, int key, int n) {
    if (n <= MAX_BIN_COUNT) {
      outKeys[o] = key;
      outCounts[o] = n;
      return o + 1;
    }
    int remainder = n % MAX_BIN_COUNT;
    if (remainder != 0) {
      outKeys[o] = key;
      outCounts[o] = remainder;
      o++;
    }
    for (int full = n / MAX_BIN_COUNT; full > 0; full--) {
      outKeys[o] = key;
      outCounts[o] = MAX_BIN_COUNT;
      o++;
    }
    return o;
  }

  /**
   * The Agent's {@code trimLeft}: when there are more than {@link #BIN_LIMIT} bins, the lowest
   * {@code size - limit} bins are removed and their samples added to the lowest bin kept. Each time
   * the removed samples pass a full bin, a full bin with the key of the bin being removed is kept
   * (at most one per removed bin), and what the lowest kept bin cannot hold becomes one more bin of
   * its key before it. Works in place: the kept overflow bins never overtake the removed ones.
   */
  private void trimLeft() {
    if (size <= BIN_LIMIT) {
      return;
    }
    int remove = size - BIN_LIMIT;
    int missing = 0;
    int o = 0;
    for (int i = 0; i < remove; i++) {
      missing += counts[i];
      if (missing > MAX_BIN_COUNT) {
        keys[o] = keys[i];
        counts[o] = MAX_BIN_COUNT;
        o++;
        missing -= MAX_BIN_COUNT;
      }
    }
    int next = counts[remove] + missing;
    if (next > MAX_BIN_COUNT) {
      counts[remove] = MAX_BIN_COUNT;
      o = appendSafe(keys, counts, o, keys[remove], next - MAX_BIN_COUNT);
    } else {
      counts[remove] = next;
    }
    System.arraycopy(keys, remove, keys, o, BIN_LIMIT);
    System.arraycopy(counts, remove, counts, o, BIN_LIMIT);
    size = o + BIN_LIMIT;
  }
}
