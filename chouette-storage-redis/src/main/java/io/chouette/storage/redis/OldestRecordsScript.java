package io.chouette.storage.redis;

import io.chouette.core.storage.Queue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.JedisPooled;

/**
 * The record bound of the {@code redis} engine: a Lua script ({@code drop-oldest.lua}) counts the
 * records of the bounded queues (ZCARD) and removes the oldest across them (ZRANGE by rank, ZREM +
 * HDEL) in one atomic step, so no client sees a record half removed. Each call drops {@value
 * #PER_CALL} records at most, so Redis is never blocked for long; Java calls again while some
 * excess remains.
 */
final class OldestRecordsScript {

  static final int PER_CALL = 10_000;

  private static final String SCRIPT = load();

  private final List<Queue> queues;
  private final List<String> keys = new ArrayList<>();

  OldestRecordsScript(List<Queue> queues) {
    this.queues = List.copyOf(queues);
    for (Queue queue : queues) {
      keys.add(queue.keysName());
      keys.add(queue.valuesName());
    }
  }

  /**
   * Drops the oldest records until the queues hold {@code maxRecords} at most; counts per queue.
   */
  Map<Queue, Long> dropOldest(JedisPooled redis, long maxRecords) {
    Map<Queue, Long> dropped = new LinkedHashMap<>();
    List<String> args = List.of(Long.toString(maxRecords), Integer.toString(PER_CALL));
    while (true) {
      List<?> reply = (List<?>) redis.eval(SCRIPT, keys, args);
      long droppedThisCall = 0;
      for (int i = 0; i < queues.size(); i++) {
        long count = (Long) reply.get(i + 1);
        if (count > 0) {
          dropped.merge(queues.get(i), count, Long::sum);
          droppedThisCall += count;
        }
      }
      long stillOver = (Long) reply.get(0);
      if (stillOver <= 0 || droppedThisCall == 0) {
        return dropped;
      }
    }
  }

  private static String load() {
    try (InputStream in = OldestRecordsScript.class.getResourceAsStream("drop-oldest.lua")) {
      if (in == null) {
        throw new IllegalStateException("drop-oldest.lua missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
