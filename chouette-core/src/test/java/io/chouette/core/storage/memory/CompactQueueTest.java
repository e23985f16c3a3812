package io.chouette.core.storage.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.StoredKey;
import io.chouette.core.storage.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compact queue against a plain model (a sorted set and a map, as Redis keeps a queue), over
 * random runs that cross block boundaries, store out of order, delete and expire.
 */
class CompactQueueTest {

  private static final double NOW = 1_764_331_200.0;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void behavesLikeASortedSetAndAHash(long seed) {
    Random random = new Random(seed);
    CompactQueue queue = new CompactQueue();
    Model model = new Model();
    double clock = NOW;

    for (int step = 0; step < 400; step++) {
      int operation = random.nextInt(10);
      if (operation < 4) {
        List<NewRecord> records = new ArrayList<>();
        for (int i = random.nextInt(700); i >= 0; i--) {
          // Mostly oldest first, sometimes late, sometimes several with the same timestamp.
          clock += random.nextInt(4) == 0 ? 0 : random.nextDouble();
          double timestamp = random.nextInt(20) == 0 ? clock - random.nextInt(3000) : clock;
          records.add(new NewRecord(timestamp, json(random, step, i)));
        }
        model.store(records, queue.store(records));
      } else if (operation < 7) {
        List<String> doomed = model.sample(random, random.nextInt(1500));
        doomed.add("00000000-0000-4000-8000-000000000000");
        doomed.add("not a key");
        assertThat(queue.delete(doomed)).isEqualTo(model.delete(doomed));
      } else if (operation == 7) {
        double threshold = clock - random.nextInt(4000);
        assertThat(queue.removeOlderThan(threshold)).isEqualTo(model.removeOlderThan(threshold));
      } else {
        List<String> wanted = model.sample(random, random.nextInt(2000));
        wanted.addAll(model.deleted.subList(0, Math.min(5, model.deleted.size())));
        assertThat(queue.values(wanted)).isEqualTo(model.values(wanted));
      }
      int amount = random.nextInt(3) == 0 ? 0 : random.nextInt(3000);
      assertThat(queue.oldest(amount)).isEqualTo(model.oldest(amount));
      assertThat(queue.size()).isEqualTo(model.size());
    }
  }

  @Test
  void aBacklogIsKeptDeflated() {
    CompactQueue queue = new CompactQueue();
    List<NewRecord> records =
        IntStream.range(0, 20 * OpenBlock.CAPACITY)
            .mapToObj(i -> new NewRecord(NOW + i / 100.0, rawMetric(i)))
            .toList();
    long textBytes =
        records.stream().mapToLong(r -> r.json().getBytes(StandardCharsets.UTF_8).length).sum();

    List<String> keys = queue.store(records);

    assertThat(queue.deflatedBytes()).isPositive().isLessThan(textBytes / 4);
    assertThat(queue.values(keys))
        .extracting(StoredRecord::json)
        .containsExactlyElementsOf(records.stream().map(NewRecord::json).toList());
  }

  @Test
  void aBlockIsDroppedOnceItsLastRecordIsGone() {
    CompactQueue queue = new CompactQueue();
    List<NewRecord> records =
        IntStream.range(0, 3 * OpenBlock.CAPACITY)
            .mapToObj(i -> new NewRecord(NOW + i, rawMetric(i)))
            .toList();
    List<String> keys = queue.store(records);
    long threeBlocks = queue.deflatedBytes();

    queue.delete(keys.subList(0, OpenBlock.CAPACITY - 1));
    assertThat(queue.deflatedBytes()).isEqualTo(threeBlocks);
    queue.delete(keys.subList(OpenBlock.CAPACITY - 1, OpenBlock.CAPACITY));
    assertThat(queue.deflatedBytes()).isLessThan(threeBlocks);
    queue.removeOlderThan(NOW + 3 * OpenBlock.CAPACITY);
    assertThat(queue.deflatedBytes()).isZero();
    assertThat(queue.size()).isZero();
    assertThat(queue.values(keys)).isEmpty();
  }

  private static String json(Random random, int step, int i) {
    return switch (random.nextInt(6)) {
      case 0 -> "";
      case 1 -> "{\"log\": \"caf\u00e9 \u2603 \ud83e\udd89 " + step + "/" + i + "\"}";
      default -> rawMetric(random.nextInt(100_000));
    };
  }

  private static String rawMetric(int i) {
    return "{\"metric\": \"app.requests\", \"type\": \"count\", \"value\": "
        + (i % 97)
        + ", \"timestamp\": "
        + (NOW + i / 7.0)
        + ", \"tags\": {\"route\": \"r"
        + (i % 13)
        + "\"}}";
  }

  /** A queue as Redis keeps it: a sorted set of (timestamp, key) and a hash of key -> JSON. */
  private static final class Model {
    private final TreeSet<StoredKey> order =
        new TreeSet<>(
            Comparator.comparingDouble(StoredKey::timestamp).thenComparing(StoredKey::key));
    private final Map<String, StoredKey> byKey = new HashMap<>();
    private final Map<String, String> values = new HashMap<>();
    private final List<String> deleted = new ArrayList<>();

    void store(List<NewRecord> records, List<String> keys) {
      assertThat(keys).hasSameSizeAs(records).doesNotHaveDuplicates().noneMatch(byKey::containsKey);
      for (int i = 0; i < records.size(); i++) {
        StoredKey key = new StoredKey(keys.get(i), records.get(i).timestamp());
        order.add(key);
        byKey.put(key.key(), key);
        values.put(key.key(), records.get(i).json());
      }
    }

    long delete(List<String> keys) {
      long removed = 0;
      for (String key : keys) {
        StoredKey stored = byKey.remove(key);
        if (stored != null) {
          order.remove(stored);
          values.remove(key);
          deleted.add(key);
          removed++;
        }
      }
      return removed;
    }

    long removeOlderThan(double threshold) {
      List<String> old = new ArrayList<>();
      for (StoredKey key : order) {
        if (key.timestamp() >= threshold) {
          break;
        }
        old.add(key.key());
      }
      return delete(old);
    }

    List<StoredRecord> values(List<String> keys) {
      return keys.stream()
          .filter(values::containsKey)
          .map(k -> new StoredRecord(k, values.get(k)))
          .toList();
    }

    List<StoredKey> oldest(int amount) {
      return order.stream().limit(amount <= 0 ? Long.MAX_VALUE : amount).toList();
    }

    List<String> sample(Random random, int amount) {
      List<String> all = new ArrayList<>(byKey.keySet());
      all.sort(null);
      List<String> sample = new ArrayList<>();
      for (int i = 0; i < amount && !all.isEmpty(); i++) {
        sample.add(all.get(random.nextInt(all.size())));
      }
      return sample;
    }

    long size() {
      return order.size();
    }
  }
}
