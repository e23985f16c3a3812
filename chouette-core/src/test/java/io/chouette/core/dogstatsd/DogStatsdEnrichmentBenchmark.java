package io.chouette.core.dogstatsd;

import io.chouette.core.config.DogStatsdConfig;
import io.chouette.core.config.DogStatsdEnrichmentConfig;
import io.chouette.core.dogstatsd.mapper.MappingProfiles;
import io.chouette.core.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the enrichment options cost per metric line, {@code plain} (none) against {@code enriched}
 * (a mapper profile that renames every {@code load.metric.<n>} into {@code load.metric} with a tag,
 * {@code DOGSTATSD_METRIC_NAMESPACE} and {@code DOGSTATSD_TAGS}):
 *
 * <ul>
 *   <li>{@code aggregatePacked}: {@link DogStatsdBenchmark}'s traffic, 1,000 contexts that come
 *       back every bucket, so the enrichment runs once per context;
 *   <li>{@code newContexts}: every line a context never seen before, each name a miss of the
 *       mapper's cache, then the drain: the worst case, where the enrichment runs for every line.
 *   <li>{@code newTagSets}: every line a new context too, but by a new tag: the 50 names hit the
 *       mapper's cache, so the difference with {@code newContexts} is the rules' matching.
 * </ul>
 *
 * The command is in docs/PERFORMANCE.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DogStatsdEnrichmentBenchmark {

  static final int LINES = DogStatsdBenchmark.LINES;

  @Param({"plain", "enriched"})
  public String setup;

  private List<DogStatsdBenchmark.Chunk> packedChunks;
  private List<DogStatsdBenchmark.Chunk> newContextChunks;
  private List<DogStatsdBenchmark.Chunk> newTagSetChunks;
  private DogStatsdBuckets buckets;

  @Setup
  public void setUp() {
    packedChunks = chunks(new DogStatsdTraffic(1_000, 1).packed(LINES));
    List<byte[]> lines = new ArrayList<>();
    for (int i = 0; i < LINES; i++) {
      lines.add(
          ("load.metric." + (i % 50) + ".id" + i + ":1|c|#env:load,service:shop\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    newContextChunks = packedLines(lines);
    List<byte[]> tagged = new ArrayList<>();
    for (int i = 0; i < LINES; i++) {
      tagged.add(
          ("load.metric." + (i % 50) + ".x:1|c|#env:load,service:shop,id:" + i + "\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    newTagSetChunks = packedLines(tagged);
    DogStatsdEnrichmentConfig enrichment =
        setup.equals("plain")
            ? DogStatsdEnrichmentConfig.NONE
            : new DogStatsdEnrichmentConfig(
                List.of("region:eu", "team:iot"),
                "edge.",
                DogStatsdEnrichmentConfig.DEFAULT_NAMESPACE_BLOCKLIST,
                MappingProfiles.parse(
                    """
                    [{"name": "load", "prefix": "load.", "mappings": [
                       {"match": "load.metric.*.*", "name": "load.metric",
                        "tags": {"index": "$1", "id": "$2"}},
                       {"match": "load.metric.*", "name": "load.metric",
                        "tags": {"index": "$1"}}]}]
                    """),
                DogStatsdEnrichmentConfig.DEFAULT_MAPPER_CACHE_SIZE);
    buckets =
        new DogStatsdBuckets(
            Duration.ofSeconds(10),
            100_000,
            true,
            MutableClock.atSeconds(1_600_000_005),
            DogStatsdConfig.Distributions.SKETCH,
            enrichment);
  }

  /** What the aggregator does every 10 s; not measured. */
  @TearDown(Level.Iteration)
  public void drain() {
    buckets.drainClosed(0, true);
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public void aggregatePacked() {
    for (DogStatsdBenchmark.Chunk chunk : packedChunks) {
      buckets.ingest(chunk.data(), chunk.lengths(), chunk.count());
    }
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public void newContexts() {
    for (DogStatsdBenchmark.Chunk chunk : newContextChunks) {
      buckets.ingest(chunk.data(), chunk.lengths(), chunk.count());
    }
    buckets.drainClosed(0, true); // so that every line of the next call is a new context again
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public void newTagSets() {
    for (DogStatsdBenchmark.Chunk chunk : newTagSetChunks) {
      buckets.ingest(chunk.data(), chunk.lengths(), chunk.count());
    }
    buckets.drainClosed(0, true);
  }

  private static List<DogStatsdBenchmark.Chunk> chunks(List<DogStatsdTraffic.Datagram> datagrams) {
    return packedLines(datagrams.stream().map(DogStatsdTraffic.Datagram::bytes).toList());
  }

  /** Datagrams back to back in chunks of up to 64 KiB, as the reader thread hands them over. */
  private static List<DogStatsdBenchmark.Chunk> packedLines(List<byte[]> datagrams) {
    List<DogStatsdBenchmark.Chunk> chunks = new ArrayList<>();
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    int[] lengths = new int[4_096];
    int count = 0;
    for (byte[] datagram : datagrams) {
      if (count == lengths.length || data.size() + datagram.length > 64 * 1024) {
        chunks.add(new DogStatsdBenchmark.Chunk(data.toByteArray(), lengths.clone(), count));
        data.reset();
        count = 0;
      }
      data.writeBytes(datagram);
      lengths[count++] = datagram.length;
    }
    chunks.add(new DogStatsdBenchmark.Chunk(data.toByteArray(), lengths.clone(), count));
    return chunks;
  }
}
