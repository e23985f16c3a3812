package io.chouette.core.dogstatsd;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parser and aggregation throughput, one operation = one metric line, over 1,000 contexts in
 * 1,432-byte packed datagrams (or single-line datagrams). Run with {@code -prof gc} for the
 * allocation per line ({@code gc.alloc.rate.norm}); the command is in docs/PERFORMANCE.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DogStatsdBenchmark {

  /** Lines per benchmark invocation (a constant, for {@code @OperationsPerInvocation}). */
  static final int LINES = 32_000;

  private List<DogStatsdTraffic.Datagram> packed;
  private List<DogStatsdTraffic.Datagram> single;
  private final ParsedLine line = new ParsedLine();
  private DogStatsdBuckets buckets;
  private long values;
  private final DogStatsdParser.LineConsumer parseOnly = this::parseOnly;

  @Setup
  public void setUp() {
    packed = new DogStatsdTraffic(1_000, 1).packed(LINES);
    single = new DogStatsdTraffic(1_000, 2).single(LINES);
    buckets =
        new DogStatsdBuckets(
            Duration.ofSeconds(10), 100_000, true, TestClock.atSeconds(1_600_000_005));
  }

  /** What the aggregator does every 10 s; not measured. */
  @TearDown(Level.Iteration)
  public void drain() {
    buckets.drainClosed(0, true);
  }

  private void parseOnly(byte[] b, int start, int end) {
    DogStatsdParser.parseLine(b, start, end, line);
    values += line.valueCount;
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public void parsePacked(Blackhole blackhole) {
    for (DogStatsdTraffic.Datagram datagram : packed) {
      DogStatsdParser.forEachLine(datagram.bytes(), 0, datagram.bytes().length, parseOnly);
    }
    blackhole.consume(values);
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public void aggregatePacked() {
    for (DogStatsdTraffic.Datagram datagram : packed) {
      buckets.ingest(datagram.bytes(), 0, datagram.bytes().length);
    }
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public void aggregateSingle() {
    for (DogStatsdTraffic.Datagram datagram : single) {
      buckets.ingest(datagram.bytes(), 0, datagram.bytes().length);
    }
  }
}
