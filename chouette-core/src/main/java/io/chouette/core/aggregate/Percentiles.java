package io.chouette.core.aggregate;

/** Percentiles by linear interpolation between closest ranks (numpy's default). */
final class Percentiles {
  private Percentiles() {}

  /**
   * The percentile of the values repeated by their counts, without repeating them: {@code sorted}
   * ascending, {@code cumulative[i]} the count of {@code sorted[0..i]}, the last one positive;
   * {@code fraction} in [0, 1].
   */
  static double ofWeighted(double[] sorted, long[] cumulative, double fraction) {
    double index = (cumulative[cumulative.length - 1] - 1) * fraction;
    long lower = (long) Math.floor(index);
    long upper = (long) Math.ceil(index);
    double low = at(sorted, cumulative, lower);
    if (lower == upper) {
      return low;
    }
    return low * (upper - index) + at(sorted, cumulative, upper) * (index - lower);
  }

  /** The value at a 0-based rank of the repeated list. */
  private static double at(double[] sorted, long[] cumulative, long rank) {
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (cumulative[middle] > rank) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return sorted[low];
  }
}
