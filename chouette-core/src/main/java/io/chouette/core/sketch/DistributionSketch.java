package io.chouette.core.sketch;

import java.util.Arrays;

/**
 * A closed distribution sketch, the value a Dogsketch carries ({@code
 * SketchPayload.Sketch.Dogsketch} of DataDog/agent-payload): the Agent's summary and its sparse
 * bins.
 *
 * <p>The arrays are copied in and out; use {@link #binCount()}, {@link #key(int)} and {@link
 * #count(int)} to read bins without copying.
 *
 * @param cnt samples counted, sampled ones by their weight
 * @param min the smallest sample (0 when empty)
 * @param max the largest sample
 * @param sum the sum of the samples, sampled ones times their weight
 * @param avg the mean, computed incrementally as the Agent does
 * @param k bin keys (see {@link SketchKeys}), ascending; a key repeats when its count needed more
 *     than one bin
 * @param n bin counts, each in [0, 65535], as many as keys
 */
public record DistributionSketch(
    long cnt, double min, double max, double sum, double avg, int[] k, int[] n) {

  public DistributionSketch {
    if (k.length != n.length) {
      throw new IllegalArgumentException(
          "k and n differ in length: " + k.length + " and " + n.length);
    }
    k = k.clone();
    n = n.clone();
    for (int i = 0; i < k.length; i++) {
      if (k[i] < -SketchKeys.INF_KEY || k[i] > SketchKeys.INF_KEY) {
        throw new IllegalArgumentException("key out of range at " + i + ": " + k[i]);
      }
      if (i > 0 && k[i] < k[i - 1]) {
        throw new IllegalArgumentException("keys not ascending at " + i + ": " + k[i]);
      }
      if (n[i] < 0 || n[i] > SketchBins.MAX_BIN_COUNT) {
        throw new IllegalArgumentException("count out of [0, 65535] at " + i + ": " + n[i]);
      }
    }
  }

  /** A copy of the bin keys. */
  @Override
  public int[] k() {
    return k.clone();
  }

  /** A copy of the bin counts. */
  @Override
  public int[] n() {
    return n.clone();
  }

  /** True when no sample was counted. */
  public boolean isEmpty() {
    return cnt == 0 && k.length == 0;
  }

  /** Number of bins. */
  public int binCount() {
    return k.length;
  }

  /** Key of bin {@code i}. */
  public int key(int i) {
    return k[i];
  }

  /** Count of bin {@code i}. */
  public int count(int i) {
    return n[i];
  }

  /** Sum of the bin counts (equals {@link #cnt()} for sketches built here). */
  public long binTotal() {
    long total = 0;
    for (int c : n) {
      total += c;
    }
    return total;
  }

  /**
   * The q-quantile as the Agent's {@code Sketch.Quantile} ({@code pkg/quantile/sparse.go}): {@code
   * min} for q &le; 0, {@code max} for q &ge; 1, 0 without bins; else the bin holding rank {@code
   * rint(q·(total - 1))}, interpolated linearly from its lower bound γ^e (the sketch's {@code min}
   * for the first bin) up to γ^(e+1) by the rank's place in the bin.
   *
   * <p>Since a bin holds the values within ½ key of γ^e and the interpolation goes up to γ^(e+1),
   * the result is within γ^1.5 - 1 (2.4%) of the exact quantile, not 1/128; the bin's lower bound
   * itself is within 1/128. Datadog computes the quantiles it shows from the bins, not from this.
   */
  public double quantile(double q) {
    long total = binTotal();
    if (total == 0) {
      return 0;
    }
    if (q <= 0) {
      return min;
    }
    if (q >= 1) {
      return max;
    }
    double rank = Math.rint(q * (total - 1));
    double seen = 0;
    for (int i = 0; i < k.length; i++) {
      seen += n[i];
      if (seen <= rank) {
        continue;
      }
      double weight = (seen - rank) / n[i];
      double low = SketchKeys.lowerBound(k[i]);
      double high = low * SketchKeys.GAMMA;
      // the Agent replaces the first bin's lower bound by min (and never the last one's upper
      // bound by max: its check compares the index with the length)
      if (i == 0) {
        low = min;
      }
      return low * weight + high * (1 - weight);
    }
    return Double.NaN;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DistributionSketch other
        && cnt == other.cnt
        && Double.compare(min, other.min) == 0
        && Double.compare(max, other.max) == 0
        && Double.compare(sum, other.sum) == 0
        && Double.compare(avg, other.avg) == 0
        && Arrays.equals(k, other.k)
        && Arrays.equals(n, other.n);
  }

  @Override
  public int hashCode() {
    int h = Long.hashCode(cnt);
    h = 31 * h + Double.hashCode(min);
    h = 31 * h + Double.hashCode(max);
    h = 31 * h + Double.hashCode(sum);
    h = 31 * h + Double.hashCode(avg);
    h = 31 * h + Arrays.hashCode(k);
    return 31 * h + Arrays.hashCode(n);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(64 + 12 * k.length);
    s.append("DistributionSketch[cnt=").append(cnt);
    s.append(", min=").append(min).append(", max=").append(max);
    s.append(", sum=").append(sum).append(", avg=").append(avg).append(", bins=");
    for (int i = 0; i < k.length; i++) {
      s.append(i == 0 ? "" : " ").append(k[i]).append(':').append(n[i]);
    }
    return s.append(']').toString();
  }
}
