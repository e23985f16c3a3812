package io.chouette.collectors.dramatiq;

import io.chouette.storage.redis.RedisClients;
import io.chouette.storage.redis.RedisConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * {@link QueueSizes} over a small Jedis pool of its own, created on first use. Names are found with
 * {@code SCAN} (never {@code KEYS}, which blocks Redis while it walks every key), sizes read with
 * one pipelined {@code HLEN} per page.
 */
final class JedisQueueSizes implements QueueSizes {

  private static final int SCAN_PAGE = 500;

  private final RedisConfig config;
  private final HostAndPort address;
  private final Duration timeout;
  private JedisPooled redis;

  JedisQueueSizes(RedisConfig config, Duration timeout) {
    this.config = config;
    this.address = new HostAndPort(config.host(), config.port());
    this.timeout = timeout;
  }

  private synchronized JedisPooled redis() {
    if (redis == null) {
      GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
      pool.setMaxTotal(2);
      pool.setMaxIdle(1);
      pool.setMinIdle(0);
      pool.setMaxWait(timeout);
      // one PING per collection: a connection left over from before a Redis restart is replaced
      // instead of failing that collection
      pool.setTestOnBorrow(true);
      int millis = (int) timeout.toMillis();
      // The storage module's client settings (password, database, TLS), with this plugin's timeout.
      JedisClientConfig base = RedisClients.clientConfig(config);
      redis =
          new JedisPooled(
              pool,
              address,
              DefaultJedisClientConfig.builder()
                  .connectionTimeoutMillis(millis)
                  .socketTimeoutMillis(millis)
                  .user(base.getUser())
                  .password(base.getPassword())
                  .database(base.getDatabase())
                  .ssl(base.isSsl())
                  .sslParameters(base.getSslParameters())
                  .clientName("chouette-dramatiq")
                  .build());
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
