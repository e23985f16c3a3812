package io.chouette.core.aggregate;

import java.util.List;

/** Percentiles by linear interpolation between closest ranks (numpy's default), as the original. */
final class Percentiles {
  private Percentiles() {}

  /** {@code sorted} must be sorted ascending and non-empty; {@code fraction} in [0, 1]. */
  static double of(List<Double> sorted, double fraction) {
    double index = (sorted.size() - 1) * fraction;
    int lower = (int) Math.floor(index);
    int upper = (int) Math.ceil(index);
    if (lower == upper) {
      return sorted.get(lower);
    }
    return sorted.get(lower) * (upper - index) + sorted.get(upper) * (index - lower);
  }
}
