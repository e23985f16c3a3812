package io.chouette.redis;

import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLParameters;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;

/**
 * Makes pooled Jedis clients for a {@link RedisConfig}. Each user of Redis owns its pool and closes
 * it: the storage engine one, the dramatiq plugin a smaller one (a plugin is created from the
 * environment and never reaches into the storage engine).
 *
 * <p>Clients connect lazily: creating one never fails because Redis is down; commands do, with a
 * {@link redis.clients.jedis.exceptions.JedisConnectionException}.
 */
public final class RedisClients {

  /**
   * The shape of one pool.
   *
   * @param clientName the name Redis lists the connections under ({@code CLIENT LIST})
   * @param maxConnections connections open at most
   * @param maxIdle connections kept open while unused
   * @param timeout connect and read timeout, and how long a caller waits for a free connection
   */
  public record Pool(String clientName, int maxConnections, int maxIdle, Duration timeout) {
    public Pool {
      Objects.requireNonNull(clientName, "clientName");
      Objects.requireNonNull(timeout, "timeout");
    }
  }

  private RedisClients() {}

  /** A new pooled client, owned (and closed) by the caller. */
  public static JedisPooled create(RedisConfig config, Pool pool) {
    return new JedisPooled(
        poolConfig(pool),
        new HostAndPort(config.host(), config.port()),
        clientConfig(config, pool));
  }

  private static JedisClientConfig clientConfig(RedisConfig config, Pool pool) {
    DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder();
    if (config.tls()) {
      // Verify that the certificate names the host, not only that a trusted CA signed it.
      SSLParameters ssl = new SSLParameters();
      ssl.setEndpointIdentificationAlgorithm("HTTPS");
      builder.sslParameters(ssl);
    }
    int timeoutMillis = (int) pool.timeout().toMillis();
    return builder
        .connectionTimeoutMillis(timeoutMillis)
        .socketTimeoutMillis(timeoutMillis)
        .user(config.user())
        .password(config.password())
        .database(config.database())
        .ssl(config.tls())
        .clientName(pool.clientName())
        .build();
  }

  private static GenericObjectPoolConfig<Connection> poolConfig(Pool pool) {
    GenericObjectPoolConfig<Connection> config = new GenericObjectPoolConfig<>();
    config.setMaxTotal(pool.maxConnections());
    config.setMaxIdle(pool.maxIdle());
    config.setMinIdle(0);
    // A pooled connection dies with a Redis restart; test it on borrow (one PING) so the first
    // operation after a restart succeeds instead of failing on a stale socket.
    config.setTestOnBorrow(true);
    // Don't queue callers forever when the pool is exhausted.
    config.setMaxWait(pool.timeout());
    config.setJmxEnabled(false);
    return config;
  }
}
