package io.chouette.storage.redis;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.RecordKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.PipeliningBase;
import redis.clients.jedis.Response;

/**
 * Queues the commands that add and remove records of one queue (its sorted set {@code .keys} and
 * its hash {@code .values}) on a pipeline or in a transaction, at most {@value #CHUNK} keys per
 * command, so a large backlog neither blocks Redis for long nor builds huge replies.
 */
final class RecordCommands {

  /** Keys per ZADD/HSET/HMGET/ZREM/HDEL command inside a pipeline. */
  static final int CHUNK = 1000;

  private RecordCommands() {}

  /** Queues ZADD + HSET of {@code records} under new keys; returns the keys. */
  static List<String> add(PipeliningBase commands, Queue queue, List<NewRecord> records) {
    return add(commands, queue, records, new ArrayList<>());
  }

  /** As {@link #add(PipeliningBase, Queue, List)}, collecting the replies into {@code replies}. */
  static List<String> add(
      PipeliningBase commands, Queue queue, List<NewRecord> records, List<Response<?>> replies) {
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
      replies.add(commands.zadd(queue.keysName(), scores));
      replies.add(commands.hset(queue.valuesName(), values));
    }
    return keys;
  }

  /** Queues ZREM + HDEL of {@code keys}; returns the HDEL replies. */
  static List<Response<Long>> remove(PipeliningBase commands, Queue queue, List<String> keys) {
    List<Response<Long>> deleted = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += CHUNK) {
      String[] chunk =
          keys.subList(from, Math.min(from + CHUNK, keys.size())).toArray(String[]::new);
      commands.zrem(queue.keysName(), chunk);
      deleted.add(commands.hdel(queue.valuesName(), chunk));
    }
    return deleted;
  }
}
