package io.chouette.storage.redis;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLParameters;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;

/**
 * Pooled Redis clients, one per {@link RedisConfig}, shared by the storage engine and the dramatiq
 * collector so an IoT node keeps a handful of connections in total.
 *
 * <p>Clients connect lazily: creating one never fails because Redis is down; commands do, with a
 * {@link redis.clients.jedis.exceptions.JedisConnectionException}.
 */
public final class RedisClients {

  /** Connections per pool: the Storage actor uses one at a time, plugins one more. */
  public static final int MAX_CONNECTIONS = 4;

  /** Connect and read timeout. */
  public static final Duration TIMEOUT = Duration.ofSeconds(2);

  private static final Map<RedisConfig, JedisPooled> SHARED = new ConcurrentHashMap<>();

  private RedisClients() {}

  /**
   * The shared client for {@code config}; created on first use. Closing it (which callers should
   * not do) closes it for everybody: use {@link #closeShared(RedisConfig)} at shutdown instead.
   */
  public static JedisPooled shared(RedisConfig config) {
    return SHARED.computeIfAbsent(config, RedisClients::create);
  }

  /** Closes and forgets the shared client of {@code config}, if any. */
  public static void closeShared(RedisConfig config) {
    JedisPooled client = SHARED.remove(config);
    if (client != null) {
      client.close();
    }
  }

  /** A new pooled client, owned by the caller. */
  public static JedisPooled create(RedisConfig config) {
    return new JedisPooled(
        poolConfig(), new HostAndPort(config.host(), config.port()), clientConfig(config));
  }

  public static JedisClientConfig clientConfig(RedisConfig config) {
    DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder();
    if (config.tls()) {
      // Verify that the certificate names the host, not only that a trusted CA signed it.
      SSLParameters ssl = new SSLParameters();
      ssl.setEndpointIdentificationAlgorithm("HTTPS");
      builder.sslParameters(ssl);
    }
    return builder
        .connectionTimeoutMillis((int) TIMEOUT.toMillis())
        .socketTimeoutMillis((int) TIMEOUT.toMillis())
        .user(config.user())
        .password(config.password())
        .database(config.database())
        .ssl(config.tls())
        .clientName("chouette")
        .build();
  }

  private static GenericObjectPoolConfig<Connection> poolConfig() {
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(MAX_CONNECTIONS);
    pool.setMaxIdle(MAX_CONNECTIONS);
    pool.setMinIdle(0);
    // A pooled connection dies with a Redis restart; test it on borrow (one PING) so the first
    // operation after a restart succeeds instead of failing on a stale socket.
    pool.setTestOnBorrow(true);
    // Don't queue callers forever when the pool is exhausted.
    pool.setMaxWait(TIMEOUT);
    pool.setJmxEnabled(false);
    return pool;
  }
}
