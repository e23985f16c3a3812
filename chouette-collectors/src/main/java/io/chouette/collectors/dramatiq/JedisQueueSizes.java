package io.chouette.collectors.dramatiq;

import io.chouette.redis.RedisClients;
import io.chouette.redis.RedisConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * {@link QueueSizes} over a small Jedis pool of its own (not the storage engine's), created on
 * first use with the {@code REDIS_*} settings and this plugin's timeout. Names are found with
 * {@code SCAN} (never {@code KEYS}, which blocks Redis while it walks every key), sizes read with
 * one pipelined {@code HLEN} per page.
 */
final class JedisQueueSizes implements QueueSizes {

  private static final int SCAN_PAGE = 500;

  private final RedisConfig config;
  private final RedisClients.Pool pool;
  private final HostAndPort address;
  private JedisPooled redis;

  /**
   * @param timeout connect and read timeout, and the wait for a free connection
   */
  JedisQueueSizes(RedisConfig config, Duration timeout) {
    this.config = config;
    // One PING per collection (the pool tests on borrow): a connection left over from before a
    // Redis restart is replaced instead of failing that collection.
    this.pool = new RedisClients.Pool("chouette-dramatiq", 2, 1, timeout);
    this.address = new HostAndPort(config.host(), config.port());
  }

  private synchronized JedisPooled redis() {
    if (redis == null) {
      redis = RedisClients.create(config, pool);
    }
    return redis;
  }

  @Override
  public Map<String, Long> sizes(String pattern) {
    JedisPooled jedis = redis();
    Map<String, Long> sizes = new LinkedHashMap<>();
    ScanParams params = new ScanParams().match(pattern).count(SCAN_PAGE);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = jedis.scan(cursor, params);
      readSizes(jedis, page.getResult(), sizes);
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return sizes;
  }

  private static void readSizes(JedisPooled jedis, List<String> keys, Map<String, Long> sizes) {
    if (keys.isEmpty()) {
      return;
    }
    List<Response<Long>> lengths = new ArrayList<>(keys.size());
    // var: the declared return type, PipelineBase, is deprecated as of Jedis 5.2
    try (var pipeline = jedis.pipelined()) {
      for (String key : keys) {
        lengths.add(pipeline.hlen(key));
      }
      pipeline.sync();
    }
    for (int i = 0; i < keys.size(); i++) {
      try {
        sizes.put(keys.get(i), lengths.get(i).get());
      } catch (JedisDataException e) {
        // WRONGTYPE: something else that happens to match the pattern
      }
    }
  }

  @Override
  public String describe() {
    return address.toString();
  }

  @Override
  public synchronized void close() {
    if (redis != null) {
      redis.close();
      redis = null;
    }
  }
}
