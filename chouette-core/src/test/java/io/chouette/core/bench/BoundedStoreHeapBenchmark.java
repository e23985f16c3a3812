package io.chouette.core.bench;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.memory.MemoryStorageEngine;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The heap a full {@code memory} store takes, and what keeping its bound costs: fills the wrapped
 * queues with {@code N} records (9 in 10 wrapped metrics of 500 contexts, 1 in 10 logs, one per
 * second of a long outage), adds {@code excess} more and times the {@code enforceBound()} that
 * drops them. Run with the image's flags to see that a full store fits {@code -Xmx64m}:
 *
 * <pre>
 * java -Xmx64m -XX:+UseSerialGC -cp ... io.chouette.core.bench.BoundedStoreHeapBenchmark 1000000 100000
 * </pre>
 */
public final class BoundedStoreHeapBenchmark {

  private static final int CHUNK = 10_000;

  private BoundedStoreHeapBenchmark() {}

  public static void main(String[] args) {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int excess = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    long before = liveHeap();
    MemoryStorageEngine engine = new MemoryStorageEngine(Clock.systemUTC(), records);
    double start = 1_700_000_000;
    store(engine, 0, records, start);
    long full = liveHeap();
    store(engine, records, records + excess, start);
    LiveHeapSampler sampler = new LiveHeapSampler();
    sampler.start();
    long began = System.nanoTime();
    Map<Queue, Long> dropped = engine.enforceBound();
    long tookNanos = System.nanoTime() - began;
    long peak = sampler.halt();
    long after = liveHeap();
    System.out.printf(
        "BOUND records=%d excess=%d store_live_heap_mib=%.1f bytes_per_record=%.1f"
            + " enforce_ms=%d dropped=%s peak_live_heap_mib=%.1f live_heap_after_mib=%.1f%n",
        records,
        excess,
        (full - before) / 1048576.0,
        (full - before) / (double) records,
        tookNanos / 1_000_000,
        dropped,
        Math.max(peak, after) / 1048576.0,
        after / 1048576.0);
  }

  private static void store(MemoryStorageEngine engine, int from, int to, double start) {
    List<NewRecord> metrics = new ArrayList<>(CHUNK);
    List<NewRecord> logs = new ArrayList<>(CHUNK / 10);
    for (int i = from; i < to; i++) {
      double timestamp = start + i;
      if (i % 10 == 9) {
        logs.add(new NewRecord(timestamp, log(i, timestamp)));
      } else {
        metrics.add(new NewRecord(timestamp, series(i, timestamp)));
      }
      if (metrics.size() + logs.size() == CHUNK || i == to - 1) {
        engine.storeRecords(Queue.WRAPPED_METRICS, metrics);
        engine.storeRecords(Queue.WRAPPED_LOGS, logs);
        metrics.clear();
        logs.clear();
      }
    }
  }

  private static String series(int i, double timestamp) {
    int context = i % 500;
    return "{\"metric\": \"app.requests."
        + (context % 20)
        + "\", \"tags\": [\"env:prod\", \"host:node-1\", \"route:/api/v1/items/"
        + (context / 20)
        + "\", \"status:200\"], \"points\": [["
        + (long) timestamp
        + ", "
        + (i % 97)
        + ".0]], \"type\": \"count\", \"interval\": 10}";
  }

  private static String log(int i, double timestamp) {
    return "{\"date\": \""
        + java.time.Instant.ofEpochSecond((long) timestamp)
        + "\", \"message\": \"request "
        + i
        + " served in "
        + (i % 113)
        + " ms\", \"status\": \"info\", \"ddtags\": \"env:prod,service:api\"}";
  }

  private static long liveHeap() {
    System.gc();
    return LiveHeapSampler.liveHeapAfterLastGc();
  }
}
