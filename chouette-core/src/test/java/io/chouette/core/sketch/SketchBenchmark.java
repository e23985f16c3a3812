package io.chouette.core.sketch;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Sketch inserts per second on one thread, one operation = one sample. Each invocation inserts
 * {@value #SAMPLES} pre-generated samples into a reused {@link SketchBuilder} and closes it, so the
 * figure includes the merges, the trims and the close. Run with {@code -prof gc} for the allocation
 * per sample; the command is in docs/PERFORMANCE.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SketchBenchmark {

  /** Samples per invocation (a constant, for {@code @OperationsPerInvocation}). */
  static final int SAMPLES = 65_536;

  private final SketchBuilder builder = new SketchBuilder();
  private double[] latencies;
  private double[] wide;

  @Setup
  public void setUp() {
    Random random = new Random(1);
    latencies = new double[SAMPLES];
    wide = new double[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      // request latencies in ms: log-normal, about 600 keys
      latencies[i] = Math.exp(random.nextGaussian() + 3);
      // both signs over 1e-9..1e26: about 10,000 keys, trimmed to 4,096 bins
      wide[i] = Math.exp(random.nextDouble() * 80 - 20) * (random.nextBoolean() ? 1 : -1);
    }
  }

  /** Unsampled latencies: the common DogStatsD {@code |d} case. */
  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public DistributionSketch insertLatencies() {
    double[] values = latencies;
    for (double v : values) {
      builder.insert(v);
    }
    return builder.close();
  }

  /** Latencies sent with {@code |@0.5}: each sample merges its count at once, as the Agent. */
  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public DistributionSketch insertSampledLatencies() {
    double[] values = latencies;
    for (double v : values) {
      builder.insert(v, 0.5);
    }
    return builder.close();
  }

  /** Values spread over more than 4,096 keys: every merge copies and trims 4,096 bins. */
  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public DistributionSketch insertWide() {
    double[] values = wide;
    for (double v : values) {
      builder.insert(v);
    }
    return builder.close();
  }

  /** The key alone (logarithm and rounding), for comparison. */
  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public void keyOnly(Blackhole blackhole) {
    double[] values = latencies;
    int sum = 0;
    for (double v : values) {
      sum += SketchKeys.key(v);
    }
    blackhole.consume(sum);
  }
}
