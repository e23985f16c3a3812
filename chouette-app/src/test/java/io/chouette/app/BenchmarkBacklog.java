package io.chouette.app;

import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.metric.WrappedMetricCodec;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.redis.testing.RedisServer;
import io.chouette.storage.sqlite.SqliteConfig;
import io.chouette.storage.sqlite.SqliteStorageEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The store {@link DrainBenchmark} fills before the agent starts: a private redis-server, or a
 * SQLite database in a temporary directory. One hour of {@code records} / 3600 gauges a second
 * ending now, oldest first, over {@link #CONTEXTS} contexts.
 */
abstract class BenchmarkBacklog implements AutoCloseable {

  static final int CONTEXTS = 200;
  private static final int PER_SECOND = 100;

  static BenchmarkBacklog create(String storage) throws IOException {
    return switch (storage) {
      case "redis" -> new InRedis();
      case "redis-raw" -> new RawInRedis();
      case "sqlite" -> new InSqlite();
      default -> throw new IllegalArgumentException("no backlog for storage " + storage);
    };
  }

  abstract void queue(int records);

  /** Whether the agent has delivered the whole backlog. */
  boolean drained(int delivered, int records) {
    return delivered >= records;
  }

  /** The agent's settings to find this store. */
  abstract Map<String, String> env();

  /** Records still queued once the agent delivered everything (it may stop the agent). */
  abstract long left(ChouetteProcess chouette) throws Exception;

  static String json(int i, double ts) {
    int context = i % CONTEXTS;
    return WrappedMetricCodec.toJson(
        WrappedMetric.gauge(
            "bench.metric." + context % 20, List.of("ctx:" + context), ts, i % 1000));
  }

  static double timestamp(int i, int records) {
    long now = System.currentTimeMillis() / 1000;
    return now - records / (double) PER_SECOND + i / (double) PER_SECOND;
  }

  private static class InRedis extends BenchmarkBacklog {
    final RedisServer redis = RedisServer.start(RedisServer.Persistence.NONE);

    @Override
    void queue(int records) {
      try (Jedis jedis = redis.connect()) {
        Pipeline pipeline = jedis.pipelined();
        for (int i = 0; i < records; i++) {
          double ts = timestamp(i, records);
          String key = UUID.randomUUID().toString();
          pipeline.zadd("chouette:metrics:wrapped.keys", ts, key);
          pipeline.hset("chouette:metrics:wrapped.values", key, json(i, ts));
          if (i % 10_000 == 9_999) {
            pipeline.sync();
          }
        }
        pipeline.sync();
      }
    }

    @Override
    Map<String, String> env() {
      Map<String, String> env = new java.util.HashMap<>(redis.env());
      env.put("CHOUETTE_STORAGE_TYPE", "redis");
      return env;
    }

    @Override
    long left(ChouetteProcess chouette) throws InterruptedException {
      long left;
      try (Jedis jedis = redis.connect()) {
        long settle = System.nanoTime() + 5_000_000_000L;
        do {
          Thread.sleep(50);
          left = jedis.zcard("chouette:metrics:wrapped.keys");
        } while (left >= 100 && System.nanoTime() < settle);
      }
      return left;
    }

    @Override
    public void close() {
      redis.close();
    }
  }

  /**
   * {@code records} raw count metrics of value 1 over the last 10 minutes in the raw queue, as the
   * client library writes them: the agent aggregates them before it sends.
   */
  private static final class RawInRedis extends InRedis {
    @Override
    void queue(int records) {
      double now = System.currentTimeMillis() / 1000.0;
      try (Jedis jedis = redis.connect()) {
        Pipeline pipeline = jedis.pipelined();
        for (int i = 0; i < records; i++) {
          double ts = now - 600 + i * 600.0 / records;
          int context = i % CONTEXTS;
          String key = UUID.randomUUID().toString();
          pipeline.zadd("chouette:metrics:raw.keys", ts, key);
          pipeline.hset(
              "chouette:metrics:raw.values",
              key,
              "{\"metric\": \"bench.raw."
                  + context % 20
                  + "\", \"type\": \"count\", \"value\": 1, \"timestamp\": "
                  + ts
                  + ", \"tags\": {\"ctx\": \""
                  + context
                  + "\"}}");
          if (i % 10_000 == 9_999) {
            pipeline.sync();
          }
        }
        pipeline.sync();
      }
    }

    @Override
    boolean drained(int delivered, int records) {
      if (delivered == 0) {
        return false;
      }
      try (Jedis jedis = redis.connect()) {
        // Self-metrics keep arriving in the raw queue: a few left mean the backlog is through.
        return jedis.zcard("chouette:metrics:raw.keys") < 100
            && jedis.zcard("chouette:metrics:wrapped.keys") < 100;
      }
    }
  }

  private static final class InSqlite extends BenchmarkBacklog {
    private final Path dir = Files.createTempDirectory("chouette-drain-");

    InSqlite() throws IOException {}

    private SqliteStorageEngine open() {
      return SqliteStorageEngine.open(new SqliteConfig(dir, 1L << 40), Clock.systemUTC());
    }

    @Override
    void queue(int records) {
      try (SqliteStorageEngine engine = open()) {
        List<NewRecord> batch = new ArrayList<>();
        for (int i = 0; i < records; i++) {
          double ts = timestamp(i, records);
          batch.add(new NewRecord(ts, json(i, ts)));
          if (batch.size() == 10_000 || i == records - 1) {
            engine.storeRecords(Queue.WRAPPED_METRICS, batch);
            batch.clear();
          }
        }
      }
      System.out.printf(
          "database %,d bytes%n", dir.resolve(SqliteConfig.DATABASE_NAME).toFile().length());
    }

    @Override
    Map<String, String> env() {
      return Map.of("CHOUETTE_STORAGE_TYPE", "sqlite", "CHOUETTE_DATA_DIR", dir.toString());
    }

    /** The database is locked while the agent runs: stop it first (SIGTERM), then count. */
    @Override
    long left(ChouetteProcess chouette) throws Exception {
      Thread.sleep(2_000);
      chouette.terminate();
      chouette.awaitExit(Duration.ofSeconds(20));
      try (SqliteStorageEngine engine = open()) {
        return engine.queueSize(Queue.WRAPPED_METRICS);
      }
    }

    @Override
    public void close() throws IOException {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
