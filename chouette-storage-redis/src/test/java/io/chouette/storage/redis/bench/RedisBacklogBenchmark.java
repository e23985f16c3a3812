package io.chouette.storage.redis.bench;

import io.chouette.core.bench.AggregationBacklogBenchmark;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StoredKey;
import io.chouette.storage.redis.RedisStorageEngine;
import io.chouette.storage.redis.testing.RedisServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw metrics through Redis, end to end: a private redis-server (the test fixture), N raw records
 * preloaded with pipelines, then the real MetricsAggregator actor on a {@link RedisStorageEngine}
 * until the raw queue is empty. Prints records/s and the aggregator JVM's heap.
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
    try (RedisServer server = RedisServer.start(RedisServer.Persistence.NONE)) {
      RedisStorageEngine engine = new RedisStorageEngine(server.config(), Clock.systemUTC());
      if (mode.equals("storage")) {
        storage(engine, records);
        engine.close();
      } else {
        // Closes the engine when done.
        AggregationBacklogBenchmark.run(engine, records, "redis");
      }
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
      bytes += engine.collectValues(Queue.RAW_METRICS, names).stream().mapToLong(r -> r.json().length()).sum();
      long t1 = System.nanoTime();
      engine.deleteRecords(Queue.RAW_METRICS, names);
      long t2 = System.nanoTime();
      collectNanos += t1 - t0;
      deleteNanos += t2 - t1;
    }
    System.out.printf(
        "collect (ZRANGE WITHSCORES + HMGET, 10,000 a time): %,.0f records/s (%,d MiB of JSON)%n",
        records / (collectNanos / 1e9), bytes >> 20);
    System.out.printf("delete (ZREM+HDEL pipelined): %,.0f records/s%n", records / (deleteNanos / 1e9));
    System.out.printf("heap: max %d MiB%n", Runtime.getRuntime().maxMemory() >> 20);
  }

  private static void report(String what, int records, long started) {
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("%s: %,d records in %.2f s = %,.0f records/s%n", what, records, seconds, records / seconds);
  }
}
