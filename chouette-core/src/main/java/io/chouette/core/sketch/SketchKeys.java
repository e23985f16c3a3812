package io.chouette.core.sketch;

/**
 * The Datadog Agent's sketch key mapping ({@code pkg/quantile/config.go} and {@code key.go} of
 * datadog-agent, default config): a value {@code v > 0} gets the key {@code rint(log_γ(v)) + bias}
 * with γ = 1 + 2/128, so every value of a bin is within 1/128 (relative) of the bin's {@link
 * #lowerBound lower bound} γ^(k - bias). Negative values mirror positive ones; |v| below {@link
 * #NORM_MIN} (about 1e-9) gets key 0; keys saturate at ±{@link #INF_KEY}.
 *
 * <p>Bit for bit as an Agent built for amd64: the logarithm and the power are computed with the
 * same floating-point operations as Go's {@code math.Log} (amd64 assembly, the fdlibm algorithm)
 * and {@code math.Pow} (successive squarings for an integer exponent), because Java's {@link
 * Math#log} and {@link Math#pow} differ from them in the last bits: a log one ulp apart changes the
 * key of a value next to a rounding boundary, and {@code Math.pow} puts {@link #NORM_MIN} 40 ulps
 * away from the Agent's. Keys are rounded half to even ({@link Math#rint}), as Go's {@code
 * math.RoundToEven}, so that {@code key(lowerBound(k)) == k}.
 */
public final class SketchKeys {

  // fdlibm's __ieee754_log constants, as in Go's math/log_amd64.s; declared first, for the
  // static initialisers below that take logarithms
  private static final double HALF_SQRT2 = 7.07106781186547524401e-01;
  private static final double LN2_HI = Double.longBitsToDouble(0x3fe62e42fee00000L);
  private static final double LN2_LO = Double.longBitsToDouble(0x3dea39ef35793c76L);
  private static final double L1 = Double.longBitsToDouble(0x3FE5555555555593L);
  private static final double L2 = Double.longBitsToDouble(0x3FD999999997FA04L);
  private static final double L3 = Double.longBitsToDouble(0x3FD2492494229359L);
  private static final double L4 = Double.longBitsToDouble(0x3FCC71C51D8E78AFL);
  private static final double L5 = Double.longBitsToDouble(0x3FC7466496CB03DEL);
  private static final double L6 = Double.longBitsToDouble(0x3FC39A09D078C69FL);
  private static final double L7 = Double.longBitsToDouble(0x3FC2F112DF3E5244L);

  /** Relative accuracy of the Agent's default config. */
  public static final double EPS = 1.0 / 128;

  /** γ = 1 + 2·eps: the ratio between the lower bounds of two neighbouring keys. */
  public static final double GAMMA = 1 + 2 * EPS;

  /** ln(γ), through log1p as the Agent does (more exact near 1). */
  static final double LN_GAMMA = Math.log1p(2 * EPS);

  /** The smallest magnitude the Agent's default config distinguishes from zero. */
  static final double MIN_VALUE = 1e-9;

  /** The exponent of the largest power of γ not above {@link #MIN_VALUE}: -1337. */
  static final int EMIN = (int) Math.floor(agentLog(MIN_VALUE) / LN_GAMMA);

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
    double i = Math.rint(agentLog(v) / LN_GAMMA) + BIAS;
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
    return agentPow(k - BIAS);
  }

  /**
   * ln(v) for a positive normal {@code v}, with the operations of Go's {@code math.Log} on amd64
   * (fdlibm's algorithm): v = 2^k·(1 + f) with 1 + f in (√2/2, √2], then ln(1 + f) from s = f / (2
   * + f) and a polynomial in s².
   */
  static double agentLog(double v) {
    long bits = Double.doubleToRawLongBits(v);
    double f1 = Double.longBitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FE0000000000000L);
    double k = (int) ((bits >>> 52) & 0x7FF) - 0x3FE;
    if (!(HALF_SQRT2 < f1)) {
      k -= 1;
      f1 *= 2;
    }
    double f = f1 - 1;
    double s = f / (2 + f);
    double s2 = s * s;
    double s4 = s2 * s2;
    double t1 = s2 * (L1 + s4 * (L3 + s4 * (L5 + s4 * L7)));
    double t2 = s4 * (L2 + s4 * (L4 + s4 * L6));
    double r = t1 + t2;
    double hfsq = 0.5 * f * f;
    return k * LN2_HI - ((hfsq - (s * (hfsq + r) + k * LN2_LO)) - f);
  }

  /**
   * γ^y for an integer {@code y} in the keys' range, with the operations of Go's {@code math.Pow}
   * for an integer exponent: γ = x1·2^xe with x1 in [0.5, 1), the bits of |y| pick successive
   * squares of x1 (each renormalised to [0.5, 1)), the product is inverted for y &lt; 0, then
   * scaled by the power of two (exact in this range).
   */
  static double agentPow(int y) {
    if (y == 0) {
      return 1;
    }
    if (y == 1) {
      return GAMMA;
    }
    double a1 = 1;
    int ae = 0;
    double x1 = GAMMA / 2;
    int xe = 1;
    for (int i = Math.abs(y); i != 0; i >>= 1) {
      if ((i & 1) == 1) {
        a1 *= x1;
        ae += xe;
      }
      x1 *= x1;
      xe <<= 1;
      if (x1 < 0.5) {
        x1 += x1;
        xe--;
      }
    }
    if (y < 0) {
      a1 = 1 / a1;
      ae = -ae;
    }
    return Math.scalb(a1, ae);
  }
}
