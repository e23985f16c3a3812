package io.chouette.storage.redis.bench;

import com.sun.management.OperatingSystemMXBean;
import io.chouette.core.aggregate.MetricsAggregator;
import io.chouette.core.bench.AggregationBacklogBenchmark;
import io.chouette.core.bench.LiveHeapSampler;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StoredKey;
import io.chouette.redis.testing.RedisServer;
import io.chouette.storage.redis.RedisStorageEngine;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import redis.clients.jedis.Jedis;

/**
 * Raw metrics through Redis, end to end: a private redis-server (the test fixture), N raw records
 * preloaded with pipelines, then the real MetricsAggregator actor on a {@link RedisStorageEngine}
 * until the raw queue is empty. Prints records/s and the aggregator JVM's heap.
 *
 * <p>{@code aggregate N W} first runs W records through the same actor and throws the result away,
 * so that the measured run is not the JIT's warm-up (a long-running agent is past it).
 *
 * <p>{@code storage N} instead measures the engine alone: pipelined store, collect (keys and
 * values, 10,000 at a time, as the aggregator does) and delete rates.
 *
 * <p>Not a test: a main, run by hand (see docs/PERFORMANCE.md).
 */
public final class RedisBacklogBenchmark {
  private RedisBacklogBenchmark() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "aggregate";
    int records = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int warmUpRecords = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    try (RedisServer server = RedisServer.start(RedisServer.Persistence.NONE)) {
      RedisStorageEngine engine = new RedisStorageEngine(server.config(), Clock.systemUTC());
      if (mode.equals("storage")) {
        storage(engine, records);
        engine.close();
      } else {
        aggregate(server, engine, records, warmUpRecords);
        engine.close();
      }
    }
  }

  /**
   * Preloads {@code records} raw metrics (the core backlog benchmark's workload), then ticks the
   * real aggregator on this engine until the raw queue is empty. Besides wall time it reports CPU
   * time (this JVM + redis-server), which the other processes of a shared machine do not inflate.
   */
  private static void aggregate(
      RedisServer server, RedisStorageEngine engine, int records, int warmUpRecords)
      throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bench");
    ActorRef<MetricsAggregator.Command> aggregator =
        AggregationBacklogBenchmark.startAggregator(system, engine);

    if (warmUpRecords > 0) {
      AggregationBacklogBenchmark.preload(engine, warmUpRecords);
      AggregationBacklogBenchmark.drain(system, engine, aggregator);
      try (Jedis jedis = server.connect()) {
        jedis.flushAll();
      }
      System.out.printf("warm-up: %,d raw records aggregated and discarded%n", warmUpRecords);
    }

    long loadStarted = System.nanoTime();
    AggregationBacklogBenchmark.preload(engine, records);
    double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
    System.gc();

    LiveHeapSampler sampler = new LiveHeapSampler();
    sampler.start();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long jvmCpu0 = os.getProcessCpuTime();
    double redisCpu0 = redisCpuSeconds(server);
    long started = System.nanoTime();
    AggregationBacklogBenchmark.drain(system, engine, aggregator);
    double seconds = (System.nanoTime() - started) / 1e9;
    double jvmCpu = (os.getProcessCpuTime() - jvmCpu0) / 1e9;
    double redisCpu = redisCpuSeconds(server) - redisCpu0;
    long peakLiveHeap = sampler.halt();
    System.out.printf(
        "redis: %,d raw records aggregated into %,d series in %.2f s = %,.0f records/s (preload"
            + " %.1f s)%n",
        records, engine.queueSize(Queue.WRAPPED_METRICS), seconds, records / seconds, loadSeconds);
    System.out.printf(
        "cpu: chouette %.2f s + redis-server %.2f s = %,.0f records per CPU-second (load average"
            + " %.1f)%n",
        jvmCpu, redisCpu, records / (jvmCpu + redisCpu), os.getSystemLoadAverage());
    System.out.printf(
        "heap: max %d MiB, peak live (after a GC) while aggregating %d MiB%n",
        Runtime.getRuntime().maxMemory() >> 20, peakLiveHeap >> 20);
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }

  private static double redisCpuSeconds(RedisServer server) {
    try (Jedis jedis = server.connect()) {
      double total = 0;
      for (String line : jedis.info("cpu").split("\r\n")) {
        if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
          total += Double.parseDouble(line.substring(line.indexOf(':') + 1));
        }
      }
      return total;
    }
  }

  private static void storage(RedisStorageEngine engine, int records) {
    int batch = 10_000;
    double now = System.currentTimeMillis() / 1000.0;
    long started = System.nanoTime();
    for (int offset = 0; offset < records; offset += batch) {
      List<NewRecord> chunk = new ArrayList<>(batch);
      for (int i = offset; i < Math.min(records, offset + batch); i++) {
        double ts = now - 3600 + 3590.0 * i / records;
        chunk.add(
            new NewRecord(
                ts,
                "{\"metric\": \"bench.count\", \"type\": \"count\", \"value\": "
                    + (i % 97)
                    + ", \"timestamp\": "
                    + ts
                    + ", \"tags\": {\"ctx\": \"c"
                    + (i % 33)
                    + "\", \"env\": \"bench\"}}"));
      }
      engine.storeRecords(Queue.RAW_METRICS, chunk);
    }
    report("store (ZADD+HSET pipelined)", records, started);

    long collectNanos = 0;
    long deleteNanos = 0;
    long bytes = 0;
    while (true) {
      long t0 = System.nanoTime();
      List<StoredKey> keys = engine.collectKeys(Queue.RAW_METRICS, batch);
      if (keys.isEmpty()) {
        break;
      }
      List<String> names = keys.stream().map(StoredKey::key).toList();
      bytes +=
          engine.collectValues(Queue.RAW_METRICS, names).stream()
              .mapToLong(r -> r.json().length())
              .sum();
      long t1 = System.nanoTime();
      engine.deleteRecords(Queue.RAW_METRICS, names);
      long t2 = System.nanoTime();
      collectNanos += t1 - t0;
      deleteNanos += t2 - t1;
    }
    System.out.printf(
        "collect (ZRANGE WITHSCORES + HMGET, 10,000 a time): %,.0f records/s (%,d MiB of JSON)%n",
        records / (collectNanos / 1e9), bytes >> 20);
    System.out.printf(
        "delete (ZREM+HDEL pipelined): %,.0f records/s%n", records / (deleteNanos / 1e9));
    System.out.printf("heap: max %d MiB%n", Runtime.getRuntime().maxMemory() >> 20);
  }

  private static void report(String what, int records, long started) {
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "%s: %,d records in %.2f s = %,.0f records/s%n", what, records, seconds, records / seconds);
  }
}
