package io.chouette.core.dogstatsd;

import io.chouette.core.testing.MutableClock;
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
 * 1,432-byte packed datagrams (or single-line datagrams), handed over in chunks as the receiving
 * thread does. Run with {@code -prof gc} for the allocation per line ({@code gc.alloc.rate.norm});
 * the command is in docs/PERFORMANCE.md.
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

  /** Datagrams back to back, as the reader thread hands them to the processor. */
  record Chunk(byte[] data, int[] lengths, int count) {}

  private List<DogStatsdTraffic.Datagram> packed;
  private List<Chunk> packedChunks;
  private List<Chunk> singleChunks;
  private final ParsedLine line = new ParsedLine();
  private DogStatsdBuckets buckets;
  private long values;
  private final DogStatsdParser.LineConsumer parseOnly = this::parseOnly;

  @Setup
  public void setUp() {
    packed = new DogStatsdTraffic(1_000, 1).packed(LINES);
    packedChunks = chunks(packed);
    singleChunks = chunks(new DogStatsdTraffic(1_000, 2).single(LINES));
    buckets =
        new DogStatsdBuckets(
            Duration.ofSeconds(10), 100_000, true, MutableClock.atSeconds(1_600_000_005));
  }

  /** What the aggregator does every 10 s; not measured. */
  @TearDown(Level.Iteration)
  public void drain() {
    buckets.drainClosed(0, true);
  }

  /** Chunks as the reader fills them: up to 64 KiB of data (room for a largest datagram). */
  private static List<Chunk> chunks(List<DogStatsdTraffic.Datagram> datagrams) {
    List<Chunk> chunks = new java.util.ArrayList<>();
    java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
    int[] lengths = new int[4_096];
    int count = 0;
    for (DogStatsdTraffic.Datagram datagram : datagrams) {
      if (count == lengths.length || data.size() + datagram.bytes().length > 64 * 1024) {
        chunks.add(new Chunk(data.toByteArray(), lengths.clone(), count));
        data.reset();
        count = 0;
      }
      data.writeBytes(datagram.bytes());
      lengths[count++] = datagram.bytes().length;
    }
    chunks.add(new Chunk(data.toByteArray(), lengths.clone(), count));
    return chunks;
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
    for (Chunk chunk : packedChunks) {
      buckets.ingest(chunk.data(), chunk.lengths(), chunk.count());
    }
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public void aggregateSingle() {
    for (Chunk chunk : singleChunks) {
      buckets.ingest(chunk.data(), chunk.lengths(), chunk.count());
    }
  }
}
