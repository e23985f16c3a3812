package io.chouette.core.sketch;

/**
 * The Datadog Agent's sketch key mapping ({@code pkg/quantile/config.go} and {@code key.go} of
 * datadog-agent, default config): a value {@code v > 0} gets the key {@code rint(log_γ(v)) + bias}
 * with γ = 1 + 2/128, so every value of a bin is within 1/128 (relative) of the bin's {@link
 * #lowerBound lower bound} γ^(k - bias). Negative values mirror positive ones; |v| below {@link
 * #NORM_MIN} (about 1e-9) gets key 0; keys saturate at ±{@link #INF_KEY}.
 *
 * <p>The constants are derived, not typed in, with the same operations as the Agent ({@code
 * Math.log1p}, {@code Math.log}, {@code Math.floor}, {@code Math.pow}), so both agree bit for bit
 * wherever the platform logarithm does. Keys are rounded half to even ({@link Math#rint}), as Go's
 * {@code math.RoundToEven}, so that {@code key(lowerBound(k)) == k}.
 */
public final class SketchKeys {

  /** Relative accuracy of the Agent's default config. */
  public static final double EPS = 1.0 / 128;

  /** γ = 1 + 2·eps: the ratio between the lower bounds of two neighbouring keys. */
  public static final double GAMMA = 1 + 2 * EPS;

  /** ln(γ), through log1p as the Agent does (more exact near 1). */
  static final double LN_GAMMA = Math.log1p(2 * EPS);

  /** The smallest magnitude the Agent's default config distinguishes from zero. */
  static final double MIN_VALUE = 1e-9;

  /** The exponent of the largest power of γ not above {@link #MIN_VALUE}: -1337. */
  static final int EMIN = (int) Math.floor(Math.log(MIN_VALUE) / LN_GAMMA);

  /** Added to the exponent so that the smallest positive key is 1: 1338. */
  public static final int BIAS = 1 - EMIN;

  /** Key of +Infinity (and, negated, of -Infinity): {@code 2^15 - 1}, as the Agent's int16 keys. */
  public static final int INF_KEY = (1 << 15) - 1;

  /** The largest finite key. */
  public static final int MAX_KEY = INF_KEY - 1;

  /** The smallest magnitude with a non-zero key: γ^(1 - bias), the lower bound of key 1. */
  public static final double NORM_MIN = lowerBound(1);

  /** The lower bound of {@link #MAX_KEY}; larger magnitudes get the infinite key. */
  public static final double NORM_MAX = lowerBound(MAX_KEY);

  private SketchKeys() {}

  /**
   * The key of a value, as the Agent's {@code Config.key}: {@code -key(-v)} for a negative value, 0
   * for zero and for |v| below {@link #NORM_MIN}, else {@code rint(ln(v) / ln(γ)) + bias} kept in
   * {@code [1, MAX_KEY]} or {@link #INF_KEY} above it. NaN gives 0; sketches never insert it.
   */
  public static int key(double v) {
    if (v < 0) {
      return -key(-v);
    }
    if (!(v >= NORM_MIN)) {
      return 0;
    }
    double i = Math.rint(Math.log(v) / LN_GAMMA) + BIAS;
    if (i > MAX_KEY) {
      return INF_KEY;
    }
    if (i < 1) {
      return 1;
    }
    return (int) i;
  }

  /**
   * The lower bound of a key, γ^(k - bias), as the Agent's {@code Config.f64}: mirrored for
   * negative keys, 0 for key 0 and ±Infinity for ±{@link #INF_KEY}.
   */
  public static double lowerBound(int k) {
    if (k < 0) {
      return -lowerBound(-k);
    }
    if (k == INF_KEY) {
      return Double.POSITIVE_INFINITY;
    }
    if (k == 0) {
      return 0;
    }
    return Math.pow(GAMMA, k - BIAS);
  }
}
