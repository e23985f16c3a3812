package io.chouette.core.sketch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SketchBuilderTest {

  private static final int FULL = 65535;

  private static DistributionSketch sketchOf(double... values) {
    SketchBuilder builder = new SketchBuilder();
    for (double v : values) {
      builder.insert(v);
    }
    return builder.close();
  }

  private static DistributionSketch repeated(double v, int times) {
    SketchBuilder builder = new SketchBuilder();
    for (int i = 0; i < times; i++) {
      builder.insert(v);
    }
    return builder.close();
  }

  static Stream<Arguments> smallInputs() {
    return Stream.of(
        Arguments.of("one value", new double[] {10}, new int[] {1487}, new int[] {1}),
        Arguments.of("repeats merge", new double[] {10, 10, 10}, new int[] {1487}, new int[] {3}),
        Arguments.of(
            "sorted by key",
            new double[] {10_000, -10, 0, 1000, 10, -0.0, 1e-12},
            new int[] {-1487, 0, 1487, 1784, 1932},
            new int[] {1, 3, 1, 1, 1}),
        Arguments.of(
            "neighbouring keys",
            new double[] {1, 1.015625, 1.015625 * 1.015625, 1},
            new int[] {1338, 1339, 1340},
            new int[] {2, 1, 1}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("smallInputs")
  void binsOfSmallInputs(String name, double[] values, int[] keys, int[] counts) {
    DistributionSketch sketch = sketchOf(values);
    assertThat(sketch.k()).containsExactly(keys);
    assertThat(sketch.n()).containsExactly(counts);
    assertThat(sketch.cnt()).isEqualTo(values.length);
  }

  static Stream<Arguments> splits() {
    return Stream.of(
        Arguments.of(FULL, new int[] {FULL}),
        Arguments.of(FULL + 1, new int[] {1, FULL}),
        Arguments.of(70_000, new int[] {4465, FULL}),
        // 255 merges of 512 leave 65,025 + 65,535; the last 510 fill the first bin exactly
        Arguments.of(2 * FULL, new int[] {FULL, FULL}),
        Arguments.of(2 * FULL + 1, new int[] {1, FULL, FULL}),
        Arguments.of(200_000, new int[] {3395, FULL, FULL, FULL}));
  }

  /** bin.go appendSafe: a count past 65,535 takes several bins, the remainder first. */
  @ParameterizedTest(name = "{0} samples of 10")
  @MethodSource("splits")
  void countsPastUint16AreSplit(int times, int[] counts) {
    DistributionSketch sketch = repeated(10, times);
    assertThat(sketch.n()).containsExactly(counts);
    assertThat(sketch.k()).containsOnly(1487).hasSize(counts.length);
    assertThat(sketch.binTotal()).isEqualTo(times);
    assertThat(sketch.cnt()).isEqualTo(times);
  }

  /**
   * agent_test.go TestAgent: keys wait in a buffer of 512 and merge when it is full; a sampled
   * sample merges the buffer and itself at once. The merge points decide the bins once trims fold
   * full bins, so they are the Agent's exactly.
   */
  @Test
  void keysMergeEvery512SamplesAndAtEachSampledSample() {
    SketchBuilder builder = new SketchBuilder();
    insertRange(builder, 0, 511);
    assertThat(builder.buffered()).isEqualTo(511);
    assertThat(builder.merged()).isZero();
    insertRange(builder, 511, 512);
    assertThat(builder.buffered()).isZero();
    assertThat(builder.merged()).isEqualTo(512);
    insertRange(builder, 512, 513);
    assertThat(builder.buffered()).isEqualTo(1);
    insertRange(builder, 513, 1025);
    assertThat(builder.buffered()).isEqualTo(1);
    assertThat(builder.merged()).isEqualTo(1024);
    builder.insert(3, 0.5);
    assertThat(builder.buffered()).isZero();
    assertThat(builder.merged()).isEqualTo(1025 + 2);
    assertThat(builder.count()).isEqualTo(1025 + 2);
    builder.insert(4);
    assertThat(builder.close().binTotal()).isEqualTo(1025 + 2 + 1);
    assertThat(builder.buffered()).isZero();
    assertThat(builder.merged()).isZero();
  }

  private static void insertRange(SketchBuilder builder, int from, int to) {
    for (int i = from; i < to; i++) {
      builder.insert(i);
    }
  }

  /** store.go trimLeft: 5,000 keys, one sample each, keep the 4,096 highest. */
  @Test
  void moreThan4096KeysFoldIntoTheLowestKeptBin() {
    SketchBuilder builder = new SketchBuilder();
    for (int k = 1; k <= 5000; k++) {
      builder.insert(SketchKeys.lowerBound(k));
    }
    DistributionSketch sketch = builder.close();
    assertThat(sketch.binCount()).isEqualTo(4096);
    assertThat(sketch.key(0)).isEqualTo(905);
    assertThat(sketch.count(0)).isEqualTo(905);
    assertThat(sketch.key(4095)).isEqualTo(5000);
    for (int i = 1; i < 4096; i++) {
      assertThat(sketch.count(i)).isEqualTo(1);
    }
    assertThat(sketch.binTotal()).isEqualTo(5000);
    assertThat(sketch.cnt()).isEqualTo(5000);
    assertThat(sketch.min()).isEqualTo(SketchKeys.lowerBound(1));
  }

  /**
   * trimLeft keeps what the lowest kept bin cannot hold as full bins with the key of the bin being
   * removed: 70,000 samples of key 1487 (bins 4,465 + 65,535) below 4,096 other keys.
   */
  @Test
  void trimmingKeepsOverflowAsFullBins() {
    SketchBuilder builder = new SketchBuilder();
    for (int i = 0; i < 70_000; i++) {
      builder.insert(10);
    }
    for (int k = 2000; k < 2000 + 4096; k++) {
      builder.insert(SketchKeys.lowerBound(k));
    }
    DistributionSketch sketch = builder.close();
    assertThat(sketch.binCount()).isEqualTo(4097);
    assertThat(sketch.key(0)).isEqualTo(1487);
    assertThat(sketch.count(0)).isEqualTo(FULL);
    assertThat(sketch.key(1)).isEqualTo(2000);
    assertThat(sketch.count(1)).isEqualTo(4465 + 1);
    assertThat(sketch.key(4096)).isEqualTo(2000 + 4095);
    assertThat(sketch.binTotal()).isEqualTo(70_000 + 4096);
  }

  /**
   * After a trim that kept an overflow bin (4,097 bins), the Agent's next merge trims again even
   * when it adds no bin: here a sampled sample of an existing key folds the overflow bin of 1487
   * into key 2000, which then needs two bins.
   */
  @Test
  void aMergeAfterATrimThatKeptOverflowTrimsAgain() {
    SketchBuilder builder = new SketchBuilder();
    for (int i = 0; i < 70_000; i++) {
      builder.insert(10);
    }
    for (int k = 2000; k < 2000 + 4096; k++) {
      builder.insert(SketchKeys.lowerBound(k));
    }
    builder.insert(SketchKeys.lowerBound(2000 + 4095), 0.5);
    DistributionSketch sketch = builder.close();
    assertThat(sketch.binCount()).isEqualTo(4097);
    assertThat(sketch.k()).startsWith(2000, 2000, 2001);
    assertThat(sketch.n()).startsWith(4466, FULL, 1).endsWith(3);
    assertThat(sketch.binTotal()).isEqualTo(70_000 + 4096 + 2);
  }

  /** Wide data: 100,000 random values over 2e-9..2e9 and their negatives. */
  @Test
  void wideDataKeepsTheBinLimitAndTheTotal() {
    Random random = new Random(7);
    SketchBuilder builder = new SketchBuilder();
    AgentSketchModel model = new AgentSketchModel();
    for (int i = 0; i < 100_000; i++) {
      double v = Math.exp(random.nextDouble() * 80 - 20) * (random.nextBoolean() ? 1 : -1);
      builder.insert(v);
      model.insert(v);
    }
    DistributionSketch sketch = builder.close();
    assertThat(sketch.binCount()).isEqualTo(4096);
    assertThat(sketch.binTotal()).isEqualTo(100_000);
    assertThat(sketch).isEqualTo(model.close());
  }

  static Stream<Arguments> sampleRates() {
    return Stream.of(
        Arguments.of(0.5, 2, 2L, 2.0 * 10),
        Arguments.of(0.3, 3, 3L, (1 / 0.3) * 10),
        Arguments.of(0.25, 4, 4L, 4.0 * 10),
        // 1/0.4 = 2.5 and 1/0.7 = 1.43: truncated, not rounded
        Arguments.of(0.4, 2, 2L, (1 / 0.4) * 10),
        Arguments.of(0.7, 1, 1L, (1 / 0.7) * 10),
        Arguments.of(0.001, 1000, 1000L, (1 / 0.001) * 10),
        // 1/r past the uint16: split as any count
        Arguments.of(1e-5, (int) (1 / 1e-5), (long) (1 / 1e-5), (1 / 1e-5) * 10),
        Arguments.of(1.0, 1, 1L, 10.0),
        // outside (0, 1]: unsampled
        Arguments.of(0.0, 1, 1L, 10.0),
        Arguments.of(-0.5, 1, 1L, 10.0),
        Arguments.of(1.5, 1, 1L, 10.0),
        Arguments.of(Double.NaN, 1, 1L, 10.0));
  }

  /** agent.go Insert(v, sampleRate): weight 1/r, truncated for the bins and for cnt. */
  @ParameterizedTest(name = "rate {0}: bin count {1}, cnt {2}")
  @MethodSource("sampleRates")
  void sampleRateWeighsTheSample(double rate, int binCount, long cnt, double sum) {
    SketchBuilder builder = new SketchBuilder();
    assertThat(builder.insert(10, rate)).isTrue();
    DistributionSketch sketch = builder.close();
    assertThat(sketch.binTotal()).isEqualTo(binCount);
    assertThat(sketch.k()).containsOnly(1487);
    assertThat(sketch.cnt()).isEqualTo(cnt);
    assertThat(sketch.sum()).isEqualTo(sum);
    assertThat(sketch.min()).isEqualTo(10.0);
    assertThat(sketch.max()).isEqualTo(10.0);
    assertThat(sketch.avg()).isEqualTo(10.0);
  }

  @Test
  void sampledSamplesMergeTheSummaryAsTheAgent() {
    SketchBuilder builder = new SketchBuilder();
    builder.insert(1);
    builder.insert(4, 0.3);
    DistributionSketch sketch = builder.close();
    assertThat(sketch.cnt()).isEqualTo(4);
    assertThat(sketch.sum()).isEqualTo(1 + (1 / 0.3) * 4);
    // summary.go Merge: avg + (o.avg - avg) * o.cnt / cnt
    assertThat(sketch.avg()).isEqualTo(1 + (4 - 1) * 3.0 / 4.0);
    assertThat(sketch.min()).isEqualTo(1.0);
    assertThat(sketch.max()).isEqualTo(4.0);
    assertThat(sketch.n()).containsExactly(1, 3);
  }

  /** cnt, min, max and sum exactly as a plain loop; avg exactly the Agent's incremental mean. */
  @Test
  void summaryIsExact() {
    Random random = new Random(11);
    SketchBuilder builder = new SketchBuilder();
    long cnt = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    double avg = 0;
    for (int i = 0; i < 10_000; i++) {
      double v = random.nextGaussian() * 1000;
      builder.insert(v);
      cnt++;
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
      avg += (v - avg) / cnt;
    }
    DistributionSketch sketch = builder.close();
    assertThat(sketch.cnt()).isEqualTo(cnt);
    assertThat(sketch.min()).isEqualTo(min);
    assertThat(sketch.max()).isEqualTo(max);
    assertThat(sketch.sum()).isEqualTo(sum);
    assertThat(sketch.avg()).isEqualTo(avg);
    assertThat(sketch.avg()).isCloseTo(sum / cnt, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void nonFiniteSamplesAreDropped() {
    SketchBuilder builder = new SketchBuilder();
    assertThat(builder.insert(Double.NaN)).isFalse();
    assertThat(builder.insert(Double.POSITIVE_INFINITY)).isFalse();
    assertThat(builder.insert(Double.NEGATIVE_INFINITY, 0.5)).isFalse();
    assertThat(builder.isEmpty()).isTrue();
    builder.insert(3);
    DistributionSketch sketch = builder.close();
    assertThat(sketch.cnt()).isEqualTo(1);
    assertThat(sketch.sum()).isEqualTo(3.0);
  }

  @Test
  void closeEmptiesTheBuilderForReuse() {
    SketchBuilder builder = new SketchBuilder();
    assertThat(builder.isEmpty()).isTrue();
    DistributionSketch empty = builder.close();
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.binCount()).isZero();
    assertThat(empty.cnt()).isZero();

    for (int i = 0; i < 10_000; i++) {
      builder.insert(i);
    }
    assertThat(builder.isEmpty()).isFalse();
    assertThat(builder.count()).isEqualTo(10_000);
    DistributionSketch first = builder.close();
    assertThat(builder.isEmpty()).isTrue();
    builder.insert(5);
    assertThat(builder.close()).isEqualTo(sketchOf(5));
    for (int i = 0; i < 10_000; i++) {
      builder.insert(i);
    }
    assertThat(builder.close()).isEqualTo(first);
  }

  static Stream<Arguments> workloads() {
    return Stream.of(
        Arguments.of("latencies", (Consumer<Workload>) w -> w.latencies(50_000)),
        Arguments.of("wide, past 4,096 keys", (Consumer<Workload>) w -> w.wide(30_000)),
        Arguments.of("ascending keys", (Consumer<Workload>) w -> w.ascendingKeys(9_000)),
        Arguments.of("descending keys", (Consumer<Workload>) w -> w.descendingKeys(9_000)),
        Arguments.of("mixed with sample rates", (Consumer<Workload>) w -> w.sampled(8_000)),
        Arguments.of("heavy sampled weights", (Consumer<Workload>) w -> w.heavy(10_000)),
        Arguments.of("zeros, tiny and negatives", (Consumer<Workload>) w -> w.signs(20_000)),
        Arguments.of("one hot key", (Consumer<Workload>) w -> w.hotKey(300_000)));
  }

  /**
   * The builder's radix sort, run-length merge and in-place trim against the plain model of the
   * Agent, on workloads that reach every path: the same bins and the same summary, bit for bit.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("workloads")
  void sameSketchAsThePlainAgentModel(String name, Consumer<Workload> workload) {
    for (int seed = 0; seed < 3; seed++) {
      Workload w = new Workload(new Random(seed));
      workload.accept(w);
      DistributionSketch expected = w.model.close();
      DistributionSketch actual = w.builder.close();
      assertThat(actual).as("seed %d", seed).isEqualTo(expected);
      assertThat(actual.binTotal()).isEqualTo(expected.binTotal());
    }
  }

  /** Feeds the same samples to a builder and to the model. */
  static final class Workload {
    final Random random;
    final SketchBuilder builder = new SketchBuilder();
    final AgentSketchModel model = new AgentSketchModel();

    Workload(Random random) {
      this.random = random;
    }

    void add(double v) {
      builder.insert(v);
      model.insert(v);
    }

    void add(double v, double rate) {
      builder.insert(v, rate);
      model.insert(v, rate);
    }

    void latencies(int count) {
      for (int i = 0; i < count; i++) {
        add(Math.exp(random.nextGaussian() + 3));
      }
    }

    void wide(int count) {
      for (int i = 0; i < count; i++) {
        add(Math.exp(random.nextDouble() * 200 - 40) * (random.nextBoolean() ? 1 : -1));
      }
    }

    void ascendingKeys(int count) {
      for (int k = 1; k <= count; k++) {
        for (int r = random.nextInt(3); r >= 0; r--) {
          add(SketchKeys.lowerBound(k));
        }
      }
    }

    void descendingKeys(int count) {
      for (int k = count; k >= 1; k--) {
        add(-SketchKeys.lowerBound(k));
      }
    }

    void sampled(int count) {
      double[] rates = {1, 0.5, 0.3, 0.1, 0.01, 2, 0};
      for (int i = 0; i < count; i++) {
        // about 14,000 keys: past the bin limit
        double v = Math.exp(random.nextDouble() * 220 - 20);
        add(v, rates[random.nextInt(rates.length)]);
      }
    }

    /**
     * Weights of 10,000 to 1,000,000 over about 7,000 keys: trims that fold full bins, where the
     * merge points (every 512 keys, before each sampled sample) change the result.
     */
    void heavy(int count) {
      for (int i = 0; i < count; i++) {
        double v = Math.exp(random.nextDouble() * 220 - 20);
        if (random.nextInt(10) == 0) {
          add(v, 1e-6 * (1 + random.nextInt(100)));
        } else {
          add(v);
        }
      }
    }

    void signs(int count) {
      double[] values = {0, -0.0, 1e-12, -1e-12, 1e-9, -1e-9, 1, -1, 1e300, -1e300};
      for (int i = 0; i < count; i++) {
        double v =
            random.nextBoolean()
                ? values[random.nextInt(values.length)]
                : random.nextGaussian() * 100;
        add(v);
      }
    }

    void hotKey(int count) {
      for (int i = 0; i < count; i++) {
        add(random.nextInt(50) == 0 ? random.nextDouble() * 1000 : 42);
      }
    }
  }
}
