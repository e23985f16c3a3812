package io.chouette.storage.redis;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.RecordBound;
import io.chouette.core.storage.StorageEngine;
import io.chouette.core.storage.StorageException;
import io.chouette.core.storage.StoredKey;
import io.chouette.core.storage.StoredRecord;
import io.chouette.redis.RedisClients;
import io.chouette.redis.RedisConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.PipelineBase;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.Tuple;

/**
 * The {@code redis} engine: the layout of chouette-iot-client (DESIGN §3). Each queue is a sorted
 * set {@code <queue>.keys} (member = record key, a UUID string; score = unix timestamp in seconds)
 * and a hash {@code <queue>.values} (record key -> JSON text, stored byte for byte).
 *
 * <p>Bulk operations are pipelined and split into chunks ({@link RecordCommands}). The aggregator's
 * hand-over ({@link #storeAndDelete}) is one MULTI/EXEC transaction. The record bound ({@link
 * RecordBound}) is kept by one Lua script ({@link OldestRecordsScript}).
 *
 * <p>The engine owns its connection pool, connects lazily and never stops working because Redis is
 * away: every operation that cannot reach Redis throws {@link StorageException}, and the next one
 * tries again ({@link RedisReachability}).
 */
public final class RedisStorageEngine implements StorageEngine {

  /** The engine's pool: the Storage actor uses one connection at a time. */
  private static final RedisClients.Pool POOL =
      new RedisClients.Pool("chouette", 4, 4, Duration.ofSeconds(2));

  private static final int CHUNK = RecordCommands.CHUNK;

  private final JedisPooled redis;
  private final Clock clock;
  private final RedisReachability reachability;
  private final long maxRecords;
  private final OldestRecordsScript bound = new OldestRecordsScript(RecordBound.QUEUES);

  public RedisStorageEngine(RedisConfig config) {
    this(config, Clock.systemUTC(), RecordBound.DEFAULT);
  }

  /** An engine with its own clock (tests: a fixed clock for TTL cleanup). */
  public RedisStorageEngine(RedisConfig config, Clock clock) {
    this(config, clock, RecordBound.DEFAULT);
  }

  /** An engine whose wrapped queues hold at most {@code maxRecords} after {@link #enforceBound}. */
  public RedisStorageEngine(RedisConfig config, Clock clock, long maxRecords) {
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be at least 1: " + maxRecords);
    }
    this.redis = RedisClients.create(config, POOL);
    this.clock = clock;
    this.reachability = new RedisReachability(config);
    this.maxRecords = maxRecords;
  }

  @Override
  public long cleanupOutdated(Queue queue, Duration ttl) {
    double threshold = clock.millis() / 1000.0 - ttl.toMillis() / 1000.0;
    // "(" = exclusive: strictly older than now - ttl.
    String max = "(" + threshold;
    return reachability.call(
        "cleanupOutdated " + queue,
        () -> {
          long removed = 0;
          while (true) {
            List<String> outdated = redis.zrangeByScore(queue.keysName(), "-inf", max, 0, CHUNK);
            if (outdated.isEmpty()) {
              return removed;
            }
            removed += delete(queue, outdated);
            if (outdated.size() < CHUNK) {
              return removed;
            }
          }
        });
  }

  @Override
  public List<StoredKey> collectKeys(Queue queue, int amount) {
    long stop = amount <= 0 ? -1 : amount - 1L;
    return reachability.call(
        "collectKeys " + queue,
        () -> {
          List<Tuple> tuples = redis.zrangeWithScores(queue.keysName(), 0, stop);
          List<StoredKey> keys = new ArrayList<>(tuples.size());
          for (Tuple tuple : tuples) {
            keys.add(new StoredKey(tuple.getElement(), tuple.getScore()));
          }
          return keys;
        });
  }

  @Override
  public List<StoredKey> collectKeysSince(Queue queue, double sinceSeconds, int amount) {
    String min =
        Double.isInfinite(sinceSeconds)
            ? (sinceSeconds > 0 ? "+inf" : "-inf")
            : Double.toString(sinceSeconds);
    return reachability.call(
        "collectKeysSince " + queue,
        () -> {
          List<Tuple> tuples =
              amount <= 0
                  ? redis.zrangeByScoreWithScores(queue.keysName(), min, "+inf")
                  : redis.zrangeByScoreWithScores(queue.keysName(), min, "+inf", 0, amount);
          List<StoredKey> keys = new ArrayList<>(tuples.size());
          for (Tuple tuple : tuples) {
            keys.add(new StoredKey(tuple.getElement(), tuple.getScore()));
          }
          return keys;
        });
  }

  @Override
  public List<StoredRecord> collectValues(Queue queue, Collection<String> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    List<String> keyList = List.copyOf(keys);
    return reachability.call(
        "collectValues " + queue,
        () -> {
          List<Response<List<String>>> responses = new ArrayList<>();
          try (PipelineBase pipeline = redis.pipelined()) {
            for (int from = 0; from < keyList.size(); from += CHUNK) {
              List<String> chunk = keyList.subList(from, Math.min(from + CHUNK, keyList.size()));
              responses.add(pipeline.hmget(queue.valuesName(), chunk.toArray(String[]::new)));
            }
            pipeline.sync();
          }
          List<StoredRecord> records = new ArrayList<>(keyList.size());
          int index = 0;
          for (Response<List<String>> response : responses) {
            for (String json : response.get()) {
              if (json != null) {
                records.add(new StoredRecord(keyList.get(index), json));
              }
              index++;
            }
          }
          return records;
        });
  }

  @Override
  public long deleteRecords(Queue queue, Collection<String> keys) {
    if (keys.isEmpty()) {
      return 0;
    }
    List<String> keyList = List.copyOf(keys);
    return reachability.call("deleteRecords " + queue, () -> delete(queue, keyList));
  }

  /** ZREM + HDEL in chunks, one pipeline; returns how many records existed (HDEL count). */
  private long delete(Queue queue, List<String> keys) {
    List<Response<Long>> deleted;
    try (PipelineBase pipeline = redis.pipelined()) {
      deleted = RecordCommands.remove(pipeline, queue, keys);
      pipeline.sync();
    }
    long removed = 0;
    for (Response<Long> response : deleted) {
      removed += response.get();
    }
    return removed;
  }

  @Override
  public List<String> storeRecords(Queue queue, List<NewRecord> records) {
    if (records.isEmpty()) {
      return List.of();
    }
    return reachability.call(
        "storeRecords " + queue,
        () -> {
          List<Response<?>> replies = new ArrayList<>();
          try (PipelineBase pipeline = redis.pipelined()) {
            List<String> keys = RecordCommands.add(pipeline, queue, records, replies);
            pipeline.sync();
            // A pipeline does not throw for a refused command (e.g. OOM at maxmemory): get() does.
            for (Response<?> reply : replies) {
              reply.get();
            }
            return keys;
          }
        });
  }

  @Override
  public long queueSize(Queue queue) {
    // The hash: it is what the records are.
    return reachability.call("queueSize " + queue, () -> redis.hlen(queue.valuesName()));
  }

  @Override
  public void storeAndDelete(
      Queue target, List<NewRecord> records, Queue source, Collection<String> keys) {
    if (records.isEmpty() && keys.isEmpty()) {
      return;
    }
    List<String> keyList = List.copyOf(keys);
    reachability.call(
        "storeAndDelete " + target + " <- " + source,
        () -> {
          // MULTI ... EXEC: Redis runs all of it or, if the connection drops before EXEC, none of
          // it; no other client sees one half. So a crash can neither lose the raw metrics nor
          // store their wrapped form twice.
          List<Object> results;
          try (AbstractTransaction transaction = redis.multi()) {
            RecordCommands.add(transaction, target, records);
            RecordCommands.remove(transaction, source, keyList);
            results = transaction.exec();
          } catch (JedisDataException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("EXECABORT")) {
              // Jedis keeps the refusal of the queued command (e.g. OOM) to itself: say what
              // EXECABORT means for the data.
              throw new JedisDataException(
                  e.getMessage()
                      + " Redis refused a command of the hand-over when queued (for instance OOM"
                      + " at maxmemory); none of it ran",
                  e);
            }
            throw e;
          }
          if (results == null) {
            throw new StorageException("transaction aborted by Redis");
          }
          for (Object result : results) {
            if (result instanceof Exception e) {
              // A command failed inside EXEC (e.g. a key of the wrong type): the others ran.
              throw new StorageException("command in transaction failed: " + e.getMessage(), e);
            }
          }
          return null;
        });
  }

  @Override
  public Map<Queue, Long> enforceBound() {
    return reachability.call("enforceBound", () -> bound.dropOldest(redis, maxRecords));
  }

  @Override
  public String describeBound() {
    return RecordBound.describe(maxRecords);
  }

  @Override
  public boolean isReachable() {
    try {
      redis.ping();
      reachability.markReachable();
      return true;
    } catch (JedisException e) {
      reachability.markUnreachable(e);
      return false;
    }
  }

  /**
   * Waits until Redis answers a PING, retrying with exponential backoff (0.1 s doubling up to 5 s)
   * for at most {@code max}. Logs a warning while it waits. Returns whether Redis answered; the
   * engine is usable either way (operations fail until Redis is back).
   */
  public boolean awaitReachable(Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    long delayMillis = 100;
    while (true) {
      if (isReachable()) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        Thread.sleep(Math.min(delayMillis, Math.max(1, left / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      delayMillis = Math.min(delayMillis * 2, 5_000);
    }
  }

  @Override
  public void close() {
    redis.close();
  }
}
