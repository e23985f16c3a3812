package io.chouette.core.sketch;

/**
 * The work arrays of merges and sorts, one set per thread. An open sketch then holds only its own
 * bins and key buffer: with a thousand distribution contexts open at once (two buckets' worth while
 * one drains), per-sketch work arrays would cost tens of MiB of a small device's heap.
 */
final class SketchScratch {

  private static final ThreadLocal<SketchScratch> CURRENT =
      ThreadLocal.withInitial(SketchScratch::new);

  final int[] sortSpare = new int[SketchBuilder.BUFFER_SIZE];
  final int[] lowHistogram = new int[256];
  final int[] highHistogram = new int[256];
  private int[] binKeys = new int[2 * SketchBuilder.BUFFER_SIZE];
  private int[] binCounts = new int[2 * SketchBuilder.BUFFER_SIZE];

  private SketchScratch() {}

  static SketchScratch current() {
    return CURRENT.get();
  }

  /** Keys of merged bins, at least {@code needed} long after {@link #ensureBins}. */
  int[] binKeys() {
    return binKeys;
  }

  /** Counts of merged bins, parallel to {@link #binKeys()}. */
  int[] binCounts() {
    return binCounts;
  }

  void ensureBins(int needed) {
    if (binKeys.length < needed) {
      int capacity = Math.max(needed, binKeys.length * 2);
      binKeys = new int[capacity];
      binCounts = new int[capacity];
    }
  }
}
