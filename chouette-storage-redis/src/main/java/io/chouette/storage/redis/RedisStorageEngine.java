package io.chouette.storage.redis;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.RecordKeys;
import io.chouette.core.storage.StorageEngine;
import io.chouette.core.storage.StorageException;
import io.chouette.core.storage.StoredKey;
import io.chouette.core.storage.StoredRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.PipelineBase;
import redis.clients.jedis.PipeliningBase;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.Tuple;

/**
 * The {@code redis} engine: the layout of chouette-iot-client (DESIGN §3). Each queue is a sorted
 * set {@code <queue>.keys} (member = record key, a UUID string; score = unix timestamp in seconds)
 * and a hash {@code <queue>.values} (record key -> JSON text, stored byte for byte).
 *
 * <p>Bulk operations are pipelined and split into commands of at most {@value #CHUNK} keys, so a
 * large backlog neither blocks Redis for long nor builds huge replies. The aggregator's hand-over
 * ({@link #storeAndDelete}) is one MULTI/EXEC transaction.
 *
 * <p>The engine connects lazily and never stops working because Redis is away: every operation that
 * cannot reach Redis throws {@link StorageException}, and the next one tries again. The transitions
 * (lost, back) are logged once each.
 */
public final class RedisStorageEngine implements StorageEngine {

  private static final Logger log = LoggerFactory.getLogger(RedisStorageEngine.class);

  /** Keys per ZADD/HSET/HMGET/ZREM/HDEL command inside a pipeline. */
  static final int CHUNK = 1000;

  private final JedisPooled redis;
  private final RedisConfig config;
  private final Clock clock;
  private final boolean ownsClient;
  private final AtomicBoolean reachable = new AtomicBoolean(true);

  /** An engine on the shared client of {@code config} (see {@link RedisClients#shared}). */
  public RedisStorageEngine(RedisConfig config) {
    this(config, RedisClients.shared(config), Clock.systemUTC(), false);
  }

  /** An engine with its own client and clock (tests: a fixed clock for TTL cleanup). */
  public RedisStorageEngine(RedisConfig config, Clock clock) {
    this(config, RedisClients.create(config), clock, true);
  }

  private RedisStorageEngine(
      RedisConfig config, JedisPooled redis, Clock clock, boolean ownsClient) {
    this.config = config;
    this.redis = redis;
    this.clock = clock;
    this.ownsClient = ownsClient;
  }

  /** The pooled client, for other Redis users of the same instance (the dramatiq collector). */
  public JedisPooled client() {
    return redis;
  }

  public RedisConfig config() {
    return config;
  }

  @Override
  public long cleanupOutdated(Queue queue, Duration ttl) {
    double threshold = clock.millis() / 1000.0 - ttl.toMillis() / 1000.0;
    // "(" = exclusive: strictly older than now - ttl.
    String max = "(" + threshold;
    return call(
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
    return call(
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
  public List<StoredRecord> collectValues(Queue queue, Collection<String> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    List<String> keyList = List.copyOf(keys);
    return call(
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
    return call("deleteRecords " + queue, () -> delete(queue, keyList));
  }

  /** ZREM + HDEL in chunks, one pipeline; returns how many records existed (HDEL count). */
  private long delete(Queue queue, List<String> keys) {
    List<Response<Long>> deleted;
    try (PipelineBase pipeline = redis.pipelined()) {
      deleted = removeRecords(pipeline, queue, keys);
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
    return call(
        "storeRecords " + queue,
        () -> {
          try (PipelineBase pipeline = redis.pipelined()) {
            List<String> keys = addRecords(pipeline, queue, records);
            pipeline.sync();
            return keys;
          }
        });
  }

  /**
   * Queues ZADD + HSET of {@code records} under new keys, {@link #CHUNK} per command, on a pipeline
   * or in a transaction; returns the keys.
   */
  private static List<String> addRecords(
      PipeliningBase commands, Queue queue, List<NewRecord> records) {
    List<String> keys = new ArrayList<>(records.size());
    for (int from = 0; from < records.size(); from += CHUNK) {
      List<NewRecord> chunk = records.subList(from, Math.min(from + CHUNK, records.size()));
      Map<String, Double> scores = new HashMap<>(chunk.size() * 2);
      Map<String, String> values = new HashMap<>(chunk.size() * 2);
      for (NewRecord record : chunk) {
        String key = RecordKeys.newKey();
        keys.add(key);
        scores.put(key, record.timestamp());
        values.put(key, record.json());
      }
      commands.zadd(queue.keysName(), scores);
      commands.hset(queue.valuesName(), values);
    }
    return keys;
  }

  /** Queues ZREM + HDEL of {@code keys}, {@link #CHUNK} per command; returns the HDEL replies. */
  private static List<Response<Long>> removeRecords(
      PipeliningBase commands, Queue queue, List<String> keys) {
    List<Response<Long>> deleted = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += CHUNK) {
      String[] chunk =
          keys.subList(from, Math.min(from + CHUNK, keys.size())).toArray(String[]::new);
      commands.zrem(queue.keysName(), chunk);
      deleted.add(commands.hdel(queue.valuesName(), chunk));
    }
    return deleted;
  }

  @Override
  public long queueSize(Queue queue) {
    // The hash, as the original counts: it is what the records are.
    return call("queueSize " + queue, () -> redis.hlen(queue.valuesName()));
  }

  @Override
  public void storeAndDelete(
      Queue target, List<NewRecord> records, Queue source, Collection<String> keys) {
    if (records.isEmpty() && keys.isEmpty()) {
      return;
    }
    List<String> keyList = List.copyOf(keys);
    call(
        "storeAndDelete " + target + " <- " + source,
        () -> {
          // MULTI ... EXEC: Redis runs all of it or, if the connection drops before EXEC, none of
          // it; no other client sees one half. So a crash can neither lose the raw metrics nor
          // store their wrapped form twice.
          List<Object> results;
          try (AbstractTransaction transaction = redis.multi()) {
            addRecords(transaction, target, records);
            removeRecords(transaction, source, keyList);
            results = transaction.exec();
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
  public boolean isReachable() {
    try {
      redis.ping();
      markReachable();
      return true;
    } catch (JedisException e) {
      markUnreachable(e);
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
    if (ownsClient) {
      redis.close();
    }
  }

  private <T> T call(String operation, Supplier<T> work) {
    try {
      T result = work.get();
      markReachable();
      return result;
    } catch (JedisException e) {
      markUnreachable(e);
      throw new StorageException(
          "Redis " + config.describe() + ": " + operation + " failed: " + e.getMessage(), e);
    }
  }

  private void markReachable() {
    if (reachable.compareAndSet(false, true)) {
      log.info("Redis {} is reachable again", config.describe());
    }
  }

  private void markUnreachable(JedisException e) {
    if (reachable.compareAndSet(true, false)) {
      log.warn(
          "Redis {} is not reachable ({}); operations fail until it is back, callers retry",
          config.describe(),
          e.getMessage());
    }
  }
}
