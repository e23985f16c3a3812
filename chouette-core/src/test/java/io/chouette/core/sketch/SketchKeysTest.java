package io.chouette.core.sketch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SketchKeysTest {

  @Test
  void constantsAreTheAgentDefaults() {
    assertThat(SketchKeys.GAMMA).isEqualTo(1.015625);
    assertThat(SketchKeys.EMIN).isEqualTo(-1337);
    assertThat(SketchKeys.BIAS).isEqualTo(1338);
    assertThat(SketchKeys.MAX_KEY).isEqualTo(32766);
    assertThat(SketchKeys.INF_KEY).isEqualTo(32767);
    assertThat(SketchKeys.NORM_MIN).isLessThanOrEqualTo(1e-9).isGreaterThan(1e-9 / 1.015625);
    // config_test.go: norm.max is beyond any float32 and uint64
    assertThat(SketchKeys.NORM_MAX).isGreaterThan(Float.MAX_VALUE).isGreaterThan(0x1p64);
  }

  static Stream<Arguments> keys() {
    double normMin = SketchKeys.NORM_MIN;
    return Stream.of(
        // bins of the Agent's agent_test.go (InsertInterpolate expectations)
        Arguments.of("10", 10.0, 1487),
        Arguments.of("-10", -10.0, -1487),
        Arguments.of("1000", 1000.0, 1784),
        Arguments.of("10000", 10000.0, 1932),
        Arguments.of("1", 1.0, 1338),
        // config_test.go "norm/key"
        Arguments.of("0", 0.0, 0),
        Arguments.of("-0", -0.0, 0),
        Arguments.of("below normMin", Math.nextDown(normMin), 0),
        Arguments.of("-below normMin", -Math.nextDown(normMin), 0),
        Arguments.of("1e-12", 1e-12, 0),
        Arguments.of("normMin", normMin, 1),
        Arguments.of("-normMin", -normMin, -1),
        Arguments.of("above normMin", Math.nextUp(normMin), 1),
        Arguments.of("normMin * gamma", normMin * SketchKeys.GAMMA, 2),
        Arguments.of("f64(maxKey)", SketchKeys.NORM_MAX, SketchKeys.MAX_KEY),
        Arguments.of("-f64(maxKey)", -SketchKeys.NORM_MAX, -SketchKeys.MAX_KEY),
        Arguments.of("beyond maxKey", SketchKeys.NORM_MAX * 1.02, SketchKeys.INF_KEY),
        Arguments.of("Double.MAX_VALUE", Double.MAX_VALUE, SketchKeys.INF_KEY),
        Arguments.of("-Double.MAX_VALUE", -Double.MAX_VALUE, -SketchKeys.INF_KEY),
        Arguments.of("+Infinity", Double.POSITIVE_INFINITY, SketchKeys.INF_KEY),
        Arguments.of("-Infinity", Double.NEGATIVE_INFINITY, -SketchKeys.INF_KEY));
  }

  @ParameterizedTest(name = "key({0}) = {2}")
  @MethodSource("keys")
  void keyOfValue(String name, double v, int expected) {
    assertThat(SketchKeys.key(v)).isEqualTo(expected);
  }

  /**
   * A value whose log_γ is exactly e + ½ rounds half to even, as Go's math.RoundToEven: to e when e
   * is even, to e + 1 when odd (Math.round would always go up).
   */
  @ParameterizedTest(name = "log_γ(v) = {0}.5")
  @org.junit.jupiter.params.provider.ValueSource(ints = {148, 149, -1000, -999, 20000, 20001})
  void exactHalvesRoundToEven(int e) {
    double v = halfway(e);
    int expected = (e % 2 == 0 ? e : e + 1) + SketchKeys.BIAS;
    assertThat(SketchKeys.key(v)).isEqualTo(expected);
    assertThat(SketchKeys.key(-v)).isEqualTo(-expected);
  }

  /** A double whose {@code ln(v) / ln(γ)} is exactly {@code e + 0.5}, found near γ^(e + ½). */
  private static double halfway(int e) {
    double start = Math.exp((e + 0.5) * SketchKeys.LN_GAMMA);
    double up = start;
    double down = start;
    for (int i = 0; i < 100_000; i++) {
      if (SketchKeys.agentLog(up) / SketchKeys.LN_GAMMA == e + 0.5) {
        return up;
      }
      if (SketchKeys.agentLog(down) / SketchKeys.LN_GAMMA == e + 0.5) {
        return down;
      }
      up = Math.nextUp(up);
      down = Math.nextDown(down);
    }
    throw new AssertionError("no double with log_γ exactly " + e + ".5");
  }

  /**
   * Keys that the Agent's code (pkg/quantile, Go on amd64) gives to values next to a rounding
   * boundary, where Java's {@code Math.log} is one ulp off and gives the neighbouring key; the
   * first lies between the Agent's normMin and {@code Math.pow(γ, -1337)}.
   */
  @ParameterizedTest(name = "key(0x{0}) = {1}")
  @org.junit.jupiter.params.provider.CsvSource({
    "3e11147942601310, 1",
    "3e15b841088b2b57, 17",
    "3f64c7fdaf39e675, 952",
    "3ffeec6afa1f3e44, 1381",
    "40047062493eac69, 1398",
    "4015d87de82272f8, 1448",
    "e78479aa958a1bf3, -29653",
    "c1016b2c9e1680ad, -2103"
  })
  void keysOfTheAgentNextToBoundaries(String bits, int expected) {
    double v = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
    assertThat(SketchKeys.key(v)).isEqualTo(expected);
  }

  /** Lower bounds as the Agent's code computes them (Go's math.Pow), bit for bit. */
  @ParameterizedTest(name = "f64({0}) = 0x{1}")
  @org.junit.jupiter.params.provider.CsvSource({
    "1, 3e111479426012e9",
    "2, 3e1158cb27699334",
    "-2, be1158cb27699334",
    "1000, 3f75b36a75fa398b",
    "1338, 3ff0000000000000",
    "1487, 402426be77170095",
    "2000, 40dc00aea5de1551",
    "32766, 6bdf76c560693f41"
  })
  void lowerBoundsOfTheAgent(int k, String bits) {
    assertThat(Double.doubleToRawLongBits(SketchKeys.lowerBound(k)))
        .isEqualTo(Long.parseUnsignedLong(bits, 16));
  }

  @Test
  void lowerBoundOfSpecialKeys() {
    assertThat(SketchKeys.lowerBound(SketchKeys.INF_KEY)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(SketchKeys.lowerBound(-SketchKeys.INF_KEY)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(SketchKeys.lowerBound(0)).isEqualTo(0.0);
    assertThat(SketchKeys.lowerBound(SketchKeys.BIAS)).isEqualTo(1.0);
    assertThat(SketchKeys.lowerBound(-2)).isEqualTo(-SketchKeys.lowerBound(2));
    assertThat(SketchKeys.lowerBound(2))
        .isCloseTo(
            Math.pow(1.015625, 2 - 1338), org.assertj.core.data.Percentage.withPercentage(1e-12));
  }

  /**
   * config_test.go "key(f64(k)) == k" for every finite key, with the Agent's one exception: near 1
   * the logarithm is not exact, so a lower bound may land in the neighbouring key as long as the
   * key changes between the two doubles around it.
   */
  @Test
  void keyOfLowerBoundIsTheKey() {
    int exceptions = 0;
    for (int k = -SketchKeys.MAX_KEY; k <= SketchKeys.MAX_KEY; k++) {
      double v = SketchKeys.lowerBound(k);
      int actual = SketchKeys.key(v);
      if (actual == k) {
        continue;
      }
      int next = SketchKeys.key(Math.nextUp(v));
      int previous = SketchKeys.key(Math.nextDown(v));
      assertThat(next - previous == 1 && Math.abs(v) <= 2 && Math.abs(v) >= 0.5)
          .as("k=%d f64(k)=%s key(f64(k))=%d next=%d previous=%d", k, v, actual, next, previous)
          .isTrue();
      exceptions++;
    }
    assertThat(exceptions).as("exceptions near 1").isLessThan(50);
  }

  /**
   * config_test.go TestRelativeError, on every float32 from 1 to γ^5 and on random doubles: a
   * value's bin lower bound is within 1/128 of it (the Agent tests 1%).
   */
  @Test
  void lowerBoundIsWithinEpsOfTheValue() {
    double worst = 0;
    double worstValue = 0;
    float stop = (float) Math.pow(SketchKeys.GAMMA, 5);
    for (float v = 1; v <= stop; v = Math.nextUp(v)) {
      double error = relativeError(v);
      if (error > worst) {
        worst = error;
        worstValue = v;
      }
    }
    Random random = new Random(42);
    for (int i = 0; i < 1_000_000; i++) {
      // from normMin (e^-20.7) up to e^380
      double v = Math.exp(random.nextDouble() * 400 - 20) * (random.nextBoolean() ? 1 : -1);
      double error = relativeError(v);
      if (error > worst) {
        worst = error;
        worstValue = v;
      }
    }
    assertThat(worst).as("at %s", worstValue).isLessThanOrEqualTo(SketchKeys.EPS);
    // the bound is the bin's half width, sqrt(γ) - 1: nearly reached, never passed
    assertThat(worst).isGreaterThan(0.0077).isLessThanOrEqualTo(Math.sqrt(SketchKeys.GAMMA) - 1);
  }

  private static double relativeError(double v) {
    double bound = SketchKeys.lowerBound(SketchKeys.key(v));
    return Math.abs(v - bound) / Math.max(Math.abs(v), Math.abs(bound));
  }
}
