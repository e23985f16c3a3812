package io.chouette.core.send;

import io.chouette.core.storage.StoredRecord;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CPU cost of preparing one full metrics bulk (10000 wrapped records, about 31 minutes of one
 * node's data, see {@link SeriesPayloadSizes}): parse, add tags, merge, serialise and deflate. The
 * HTTP call is not included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SeriesPayloadBenchmark {

  private SeriesFormat format;
  private List<StoredRecord> bulk;
  private List<PayloadFormat.Item<SeriesFormat.Point>> items;

  @Setup
  public void setUp() {
    format = new SeriesFormat(List.of("env:production", "site:warehouse-3"), "pi-gateway-0042");
    bulk = SeriesPayloadSizes.workload(60).subList(0, 10_000);
    items = format.parse(bulk).items();
  }

  /** The whole preparation of a merged payload, as the sender does it. */
  @Benchmark
  public byte[] parseMergeDeflate() {
    return Deflate.compress(format.encode(format.parse(bulk).items()));
  }

  /** Serialise and deflate merged series (records already parsed). */
  @Benchmark
  public byte[] encodeMergedAndDeflate() {
    return Deflate.compress(format.encode(items));
  }

  /** Serialise and deflate one entry per record, as the original (records already parsed). */
  @Benchmark
  public byte[] encodePerRecordAndDeflate() {
    return Deflate.compress(format.encodeUnmerged(items));
  }
}
