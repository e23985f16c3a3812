package io.chouette.redis.testing;

import io.chouette.redis.RedisConfig;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.Jedis;

/**
 * A private {@link RedisServer} per test class; before each test it is running and empty.
 *
 * <pre>{@code
 * @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.ephemeral();
 * ... new RedisStorageEngine(redis.config(), clock) ... redis.stop(); redis.start();
 * }</pre>
 *
 * A missing Redis fails the class with a clear message (see {@link RedisServer}); it never skips.
 */
public final class RedisServerExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

  private final RedisServer.Persistence persistence;
  private RedisServer server;

  private RedisServerExtension(RedisServer.Persistence persistence) {
    this.persistence = persistence;
  }

  /** Nothing on disk: fastest; a restart comes back empty. */
  public static RedisServerExtension ephemeral() {
    return new RedisServerExtension(RedisServer.Persistence.NONE);
  }

  /** Append-only file fsynced on every write: a restart keeps the data. */
  public static RedisServerExtension persistent() {
    return new RedisServerExtension(RedisServer.Persistence.AOF_ALWAYS);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = RedisServer.start(persistence);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    server().start();
    server().flushAll();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  public RedisServer server() {
    if (server == null) {
      throw new IllegalStateException(
          "RedisServerExtension must be a static @RegisterExtension field");
    }
    return server;
  }

  public String host() {
    return server().host();
  }

  public int port() {
    return server().port();
  }

  public Map<String, String> env() {
    return server().env();
  }

  public RedisConfig config() {
    return server().config();
  }

  public Jedis connect() {
    return server().connect();
  }

  public void stop() {
    server().stop();
  }

  public void kill() {
    server().kill();
  }

  public void start() {
    server().start();
  }

  public void flushAll() {
    server().flushAll();
  }
}
