package io.chouette.core.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DistributionSketchTest {

  /** γ^1.5 - 1: a bin holds γ^(e±½), the Agent's interpolation returns up to γ^(e+1). */
  private static final double INTERPOLATION_ERROR = Math.pow(SketchKeys.GAMMA, 1.5) - 1;

  private static final double[] QUANTILES = {
    0.001, 0.01, 0.05, 0.1, 0.25, 0.333, 0.5, 0.667, 0.75, 0.9, 0.95, 0.99, 0.999
  };

  private static DistributionSketch sketchOf(double[] values) {
    SketchBuilder builder = new SketchBuilder();
    for (double v : values) {
      builder.insert(v);
    }
    return builder.close();
  }

  private static double[] range(int start, int stop) {
    double[] values = new double[stop - start];
    for (int i = start; i < stop; i++) {
      values[i - start] = i;
    }
    return values;
  }

  /** sparse_test.go TestQuantile. */
  @Test
  void agentQuantileVectors() {
    DistributionSketch incr101 = sketchOf(range(0, 101));
    assertThat(incr101.quantile(0)).isEqualTo(0.0);
    assertThat(incr101.quantile(0.01)).isEqualTo(SketchKeys.lowerBound(SketchKeys.key(1)));
    assertThat(incr101.quantile(0.98)).isEqualTo(SketchKeys.lowerBound(SketchKeys.key(98)));

    double[] oneEach = new double[101];
    for (int i = 0; i < oneEach.length; i++) {
      oneEach[i] = SketchKeys.lowerBound(SketchKeys.key(1) + i);
    }
    DistributionSketch bin101 = sketchOf(oneEach);
    assertThat(bin101.binCount()).isEqualTo(101);
    assertThat(bin101.quantile(0.99)).isEqualTo(SketchKeys.lowerBound(bin101.key(99)));
  }

  /** sparse_test.go TestMerge: -50..50 is symmetric around a median of 0. */
  @Test
  void symmetricDataGivesSymmetricQuantiles() {
    DistributionSketch sketch = sketchOf(range(-50, 51));
    assertThat(sketch.binCount()).isEqualTo(101);
    assertThat(sketch.quantile(0.5)).isEqualTo(0.0);
    for (int p = 0; p < 50; p++) {
      double q = p / 100.0;
      assertThat(sketch.quantile(0.5 + q))
          .as("q=%s", q)
          .isCloseTo(-sketch.quantile(0.5 - q), org.assertj.core.data.Offset.offset(1e-6));
    }
  }

  /** sparse.go: inside the first bin the interpolation starts at min, not at the bin's bound. */
  @Test
  void firstBinInterpolatesFromMin() {
    double[] values = new double[10];
    Arrays.fill(values, 1.5);
    DistributionSketch sketch = sketchOf(values);
    // rank rint(0.5 * 9) = 4, weight (10 - 4) / 10
    double high = SketchKeys.lowerBound(SketchKeys.key(1.5)) * SketchKeys.GAMMA;
    assertThat(sketch.quantile(0.5)).isEqualTo(1.5 * 0.6 + high * (1 - 0.6));
    // a later bin starts at its lower bound
    DistributionSketch two = sketchOf(new double[] {1, 1.5, 1.5});
    double low = SketchKeys.lowerBound(SketchKeys.key(1.5));
    assertThat(two.quantile(0.5)).isEqualTo(low * 1.0 + low * SketchKeys.GAMMA * 0.0);
  }

  @Test
  void quantileEdges() {
    DistributionSketch sketch = sketchOf(new double[] {3, 1, 2});
    assertThat(sketch.quantile(0)).isEqualTo(1.0);
    assertThat(sketch.quantile(-1)).isEqualTo(1.0);
    assertThat(sketch.quantile(1)).isEqualTo(3.0);
    assertThat(sketch.quantile(7)).isEqualTo(3.0);
    assertThat(new SketchBuilder().close().quantile(0.5)).isEqualTo(0.0);
  }

  static Stream<Arguments> dataSets() {
    return Stream.of(
        Arguments.of("log-normal latencies", (Generator) r -> () -> Math.exp(r.nextGaussian() + 3)),
        Arguments.of("uniform 0..1000", (Generator) r -> () -> r.nextDouble() * 1000),
        Arguments.of("normal around 0", (Generator) r -> () -> r.nextGaussian() * 50),
        Arguments.of("negatives only", (Generator) r -> () -> -Math.exp(r.nextGaussian() * 2 - 1)),
        Arguments.of("small integers", (Generator) r -> () -> r.nextInt(20)),
        Arguments.of(
            "zeros, 1e-12 and others",
            (Generator)
                r ->
                    () -> {
                      int pick = r.nextInt(6);
                      return pick == 0
                          ? 0
                          : pick == 1
                              ? 1e-12
                              : pick == 2 ? -1e-12 : r.nextGaussian() * Math.exp(r.nextInt(10));
                    }),
        Arguments.of(
            "both signs, 3,870 keys",
            (Generator)
                r -> () -> Math.exp(r.nextDouble() * 30 - 15) * (r.nextBoolean() ? 1 : -1)));
  }

  /** Makes the values of one data set from a seeded random. */
  interface Generator {
    DoubleSupplier values(Random random);
  }

  /**
   * Property over seeded random data sets: for each quantile, (1) the lower bound of the bin that
   * holds the exact quantile is within 1/128 of it (the DDSketch guarantee of the Agent's keys),
   * and (2) the Agent's interpolated {@code quantile(q)} is within γ^1.5 - 1. Values below normMin
   * (1e-12 here) share key 0: there the error is absolute, at most 2·normMin.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dataSets")
  void quantilesAreWithinTheRelativeError(String name, Generator generator) {
    for (int seed = 0; seed < 20; seed++) {
      Random random = new Random(seed);
      int size = 1 + random.nextInt(seed < 5 ? 20 : 20_000);
      DoubleSupplier supplier = generator.values(random);
      double[] values = new double[size];
      for (int i = 0; i < size; i++) {
        values[i] = supplier.getAsDouble();
      }
      DistributionSketch sketch = sketchOf(values);
      assertThat(sketch.binCount()).isLessThanOrEqualTo(4096);
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      for (double q : QUANTILES) {
        int rank = (int) Math.rint(q * (size - 1));
        double exact = sorted[rank];
        String where = String.format("seed %d, size %d, q %s, exact %s", seed, size, q, exact);
        double bound = SketchKeys.lowerBound(binKeyAtRank(sketch, rank));
        double estimate = sketch.quantile(q);
        if (Math.abs(exact) < SketchKeys.NORM_MIN) {
          assertThat(bound).as(where).isEqualTo(0.0);
          assertThat(Math.abs(estimate - exact))
              .as(where)
              .isLessThanOrEqualTo(2 * SketchKeys.NORM_MIN);
        } else {
          assertThat(relativeError(bound, exact)).as(where).isLessThanOrEqualTo(SketchKeys.EPS);
          assertThat(relativeError(estimate, exact))
              .as(where + ", estimate " + estimate)
              .isLessThanOrEqualTo(INTERPOLATION_ERROR * (1 + 1e-12));
        }
      }
    }
  }

  /**
   * Why (2) above is not 1/128: 100 samples just above the lower half of a bin, under one smaller
   * sample; near the top of the bin the Agent interpolates towards γ^(e+1), 2.3% above them.
   */
  @Test
  void interpolatedQuantileCanMissByMoreThanEps() {
    int key = SketchKeys.key(100);
    double value = SketchKeys.lowerBound(key) * Math.pow(SketchKeys.GAMMA, -0.49);
    assertThat(SketchKeys.key(value)).isEqualTo(key);
    double[] values = new double[101];
    Arrays.fill(values, value);
    values[0] = 1;
    DistributionSketch sketch = sketchOf(values);
    double error = relativeError(sketch.quantile(0.99), value);
    assertThat(error).isGreaterThan(0.02).isLessThanOrEqualTo(INTERPOLATION_ERROR);
  }

  private static int binKeyAtRank(DistributionSketch sketch, int rank) {
    long seen = 0;
    for (int i = 0; i < sketch.binCount(); i++) {
      seen += sketch.count(i);
      if (seen > rank) {
        return sketch.key(i);
      }
    }
    throw new AssertionError("rank " + rank + " past " + seen);
  }

  private static double relativeError(double estimate, double exact) {
    return Math.abs(estimate - exact) / Math.abs(exact);
  }

  @Test
  void arraysAreCopiedInAndOut() {
    int[] k = {1, 2};
    int[] n = {3, 4};
    DistributionSketch sketch = new DistributionSketch(7, 1, 2, 10, 1.4, k, n);
    k[0] = 99;
    sketch.k()[1] = 99;
    n[0] = 99;
    assertThat(sketch.k()).containsExactly(1, 2);
    assertThat(sketch.n()).containsExactly(3, 4);
    assertThat(sketch)
        .isEqualTo(new DistributionSketch(7, 1, 2, 10, 1.4, new int[] {1, 2}, new int[] {3, 4}))
        .hasSameHashCodeAs(
            new DistributionSketch(7, 1, 2, 10, 1.4, new int[] {1, 2}, new int[] {3, 4}))
        .isNotEqualTo(new DistributionSketch(7, 1, 2, 10, 1.4, new int[] {1, 2}, new int[] {3, 5}));
    assertThat(sketch.toString()).contains("bins=1:3 2:4");
  }

  static Stream<Arguments> badBins() {
    return Stream.of(
        Arguments.of(new int[] {1, 2}, new int[] {1}, "differ in length"),
        Arguments.of(new int[] {2, 1}, new int[] {1, 1}, "not ascending"),
        Arguments.of(new int[] {32768}, new int[] {1}, "key out of range"),
        Arguments.of(new int[] {-32768}, new int[] {1}, "key out of range"),
        Arguments.of(new int[] {1}, new int[] {65536}, "count out of"),
        Arguments.of(new int[] {1}, new int[] {-1}, "count out of"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("badBins")
  void badBinsAreRefused(int[] k, int[] n, String message) {
    assertThatThrownBy(() -> new DistributionSketch(1, 0, 0, 0, 0, k, n))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
