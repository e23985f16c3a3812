package io.chouette.collectors.dramatiq;

import java.util.Map;

/** Reads the sizes of Dramatiq's Redis hashes; Jedis in production ({@link JedisQueueSizes}). */
public interface QueueSizes extends AutoCloseable {

  /**
   * Every hash whose name matches {@code pattern}, with its number of fields. Keys of another type
   * that match are skipped.
   *
   * @throws Exception when Redis cannot be asked
   */
  Map<String, Long> sizes(String pattern) throws Exception;

  /** Where the hashes are, for messages. */
  String describe();

  /** Releases connections; idempotent. The next call reconnects. */
  @Override
  void close();
}
