package io.chouette.storage.redis;

import io.chouette.core.storage.StorageException;
import io.chouette.redis.RedisConfig;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Whether the engine's Redis answered its last command. Runs each operation, turns a {@link
 * JedisException} into a {@link StorageException}, and logs the transitions (lost, back) once each
 * instead of once per failed operation. A command Redis refuses ({@link JedisDataException}, e.g.
 * {@code OOM command not allowed} at its {@code maxmemory}) does not make it unreachable: it
 * answered, and reads and deletes still work.
 */
final class RedisReachability {

  // Logged under the engine's name: the messages are about the engine's Redis.
  private static final Logger log = LoggerFactory.getLogger(RedisStorageEngine.class);

  private final RedisConfig config;
  private final AtomicBoolean reachable = new AtomicBoolean(true);

  RedisReachability(RedisConfig config) {
    this.config = config;
  }

  /** Runs {@code work}; a Redis failure marks Redis unreachable and throws StorageException. */
  <T> T call(String operation, Supplier<T> work) {
    try {
      T result = work.get();
      markReachable();
      return result;
    } catch (JedisDataException e) {
      markReachable();
      String message = e.getMessage() == null ? "" : e.getMessage();
      String hint =
          message.contains("OOM")
              ? " (Redis is at its maxmemory: raise maxmemory or lower STORAGE_MAX_RECORDS;"
                  + " what is stored is kept)"
              : "";
      throw new StorageException(
          "Redis " + config.describe() + ": " + operation + " refused: " + message + hint, e);
    } catch (JedisException e) {
      markUnreachable(e);
      throw new StorageException(
          "Redis " + config.describe() + ": " + operation + " failed: " + e.getMessage(), e);
    }
  }

  void markReachable() {
    if (reachable.compareAndSet(false, true)) {
      log.info("Redis {} is reachable again", config.describe());
    }
  }

  void markUnreachable(JedisException e) {
    if (reachable.compareAndSet(true, false)) {
      log.warn(
          "Redis {} is not reachable ({}); operations fail until it is back, callers retry",
          config.describe(),
          e.getMessage());
    }
  }
}
