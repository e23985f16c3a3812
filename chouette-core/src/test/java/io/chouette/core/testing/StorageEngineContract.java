package io.chouette.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageEngine;
import io.chouette.core.storage.StoredKey;
import io.chouette.core.storage.StoredRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The storage contract of DESIGN §3, run against every engine: extend it and implement {@link
 * #newEngine(Clock)} (the engine must start with empty queues and use the given clock for TTL
 * cleanup).
 */
public abstract class StorageEngineContract {

  /** "Now" for every engine under test: cleanup thresholds are computed from it. */
  protected static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");

  protected static final double NOW_SECONDS = NOW.getEpochSecond();

  private static final Queue RAW = Queue.RAW_METRICS;
  private static final Queue WRAPPED = Queue.WRAPPED_METRICS;
  private static final Queue LOGS = Queue.WRAPPED_LOGS;

  protected StorageEngine engine;

  /** A new engine over empty queues, whose clock is {@code clock}. */
  protected abstract StorageEngine newEngine(Clock clock);

  @BeforeEach
  void openEngine() {
    engine = newEngine(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  protected static NewRecord record(double timestamp, String json) {
    return new NewRecord(timestamp, json);
  }

  protected static String rawJson(String name, double timestamp) {
    return "{\"metric\": \""
        + name
        + "\", \"type\": \"count\", \"value\": 1, \"timestamp\": "
        + timestamp
        + ", \"tags\": {\"env\": \"test\"}}";
  }

  @Test
  void storeRecordsGivesEachRecordANewUniqueKeyInOrder() {
    List<String> keys =
        engine.storeRecords(
            RAW,
            List.of(record(NOW_SECONDS, rawJson("a", 1)), record(NOW_SECONDS, rawJson("b", 2))));

    assertThat(keys).hasSize(2).doesNotHaveDuplicates();
    assertThat(keys)
        .allSatisfy(
            key ->
                assertThat(key)
                    .matches(
                        "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
    assertThat(engine.collectValues(RAW, keys))
        .extracting(StoredRecord::json)
        .containsExactly(rawJson("a", 1), rawJson("b", 2));
  }

  @Test
  void storeRecordsOfNothingStoresNothing() {
    assertThat(engine.storeRecords(RAW, List.of())).isEmpty();
    assertThat(engine.queueSize(RAW)).isZero();
  }

  @Test
  void recordsComeBackByteForByte() {
    String json =
        "{\"date\": \"2024-03-01T11:59:59.123456+00:00\", \"message\": {\"msg\": \"caf\\u00e9 ✓"
            + " \\\"quoted\\\" 🦉\"},  \"ddtags\": [\"a:b\"],\n"
            + " \"value\": 1.0000000000000002e-7}";
    List<String> keys = engine.storeRecords(LOGS, List.of(record(1709294399.123456, json)));

    assertThat(engine.collectValues(LOGS, keys))
        .containsExactly(new StoredRecord(keys.get(0), json));
    assertThat(engine.collectKeys(LOGS, 0))
        .containsExactly(new StoredKey(keys.get(0), 1709294399.123456));
  }

  @Test
  void collectKeysReturnsTheOldestFirstWithTheirTimestamps() {
    List<String> keys =
        engine.storeRecords(
            RAW,
            List.of(
                record(NOW_SECONDS - 10, rawJson("middle", 0)),
                record(NOW_SECONDS - 30.5, rawJson("oldest", 0)),
                record(NOW_SECONDS, rawJson("newest", 0))));

    assertThat(engine.collectKeys(RAW, 0))
        .containsExactly(
            new StoredKey(keys.get(1), NOW_SECONDS - 30.5),
            new StoredKey(keys.get(0), NOW_SECONDS - 10),
            new StoredKey(keys.get(2), NOW_SECONDS));
  }

  @Test
  void collectKeysHonoursTheAmountAndZeroMeansAll() {
    List<NewRecord> records = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      records.add(record(NOW_SECONDS - 100 + i, rawJson("m" + i, i)));
    }
    List<String> keys = engine.storeRecords(RAW, records);

    assertThat(engine.collectKeys(RAW, 3))
        .extracting(StoredKey::key)
        .containsExactlyElementsOf(keys.subList(0, 3));
    assertThat(engine.collectKeys(RAW, 1)).extracting(StoredKey::key).containsExactly(keys.get(0));
    assertThat(engine.collectKeys(RAW, 0))
        .extracting(StoredKey::key)
        .containsExactlyElementsOf(keys);
    assertThat(engine.collectKeys(RAW, 100))
        .extracting(StoredKey::key)
        .containsExactlyElementsOf(keys);
  }

  @Test
  void collectKeysSinceSkipsOlderKeysAndKeepsTheOldestFirstOrder() {
    List<NewRecord> records = new ArrayList<>();
    // Stored out of order, across more than one memory block, straddling the threshold.
    for (int i = 0; i < 2_500; i++) {
      double age = (i * 7919) % 2_500;
      records.add(record(NOW_SECONDS - age, rawJson("m" + i, i)));
    }
    List<String> keys = engine.storeRecords(RAW, records);
    double since = NOW_SECONDS - 1_000;
    List<StoredKey> expected = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (records.get(i).timestamp() >= since) {
        expected.add(new StoredKey(keys.get(i), records.get(i).timestamp()));
      }
    }
    expected.sort(
        java.util.Comparator.comparingDouble(StoredKey::timestamp).thenComparing(StoredKey::key));

    assertThat(engine.collectKeysSince(RAW, since, 0)).containsExactlyElementsOf(expected);
    assertThat(engine.collectKeysSince(RAW, since, 10))
        .containsExactlyElementsOf(expected.subList(0, 10));
    assertThat(engine.collectKeysSince(RAW, since, 5_000)).containsExactlyElementsOf(expected);
    assertThat(engine.collectKeysSince(RAW, NOW_SECONDS + 1, 10)).isEmpty();
    assertThat(engine.collectKeysSince(RAW, Double.POSITIVE_INFINITY, 10)).isEmpty();
    assertThat(engine.collectKeysSince(RAW, Double.NEGATIVE_INFINITY, 3))
        .containsExactlyElementsOf(engine.collectKeys(RAW, 3));
    assertThat(engine.collectKeysSince(Queue.WRAPPED_LOGS, since, 10)).isEmpty();
  }

  @Test
  void recordsWithEqualTimestampsAreOrderedByKey() {
    List<NewRecord> records = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      records.add(record(NOW_SECONDS, rawJson("same", i)));
    }
    List<String> keys = new ArrayList<>(engine.storeRecords(RAW, records));
    Collections.sort(keys);

    assertThat(engine.collectKeys(RAW, 0))
        .extracting(StoredKey::key)
        .containsExactlyElementsOf(keys);
  }

  @Test
  void collectKeysOfAnEmptyQueueIsEmpty() {
    assertThat(engine.collectKeys(RAW, 0)).isEmpty();
    assertThat(engine.collectKeys(RAW, 10)).isEmpty();
  }

  @Test
  void collectValuesSkipsMissingKeysAndKeepsTheRequestedOrder() {
    List<String> keys =
        engine.storeRecords(
            RAW,
            List.of(
                record(NOW_SECONDS, rawJson("a", 0)), record(NOW_SECONDS - 1, rawJson("b", 0))));

    List<StoredRecord> records =
        engine.collectValues(RAW, List.of(keys.get(1), "no-such-key", keys.get(0)));

    assertThat(records)
        .containsExactly(
            new StoredRecord(keys.get(1), rawJson("b", 0)),
            new StoredRecord(keys.get(0), rawJson("a", 0)));
    assertThat(engine.collectValues(RAW, List.of())).isEmpty();
    assertThat(engine.collectValues(RAW, List.of("no-such-key"))).isEmpty();
  }

  @Test
  void deleteRecordsRemovesThemAndCountsOnlyThoseThatExisted() {
    List<String> keys =
        engine.storeRecords(
            RAW,
            List.of(
                record(NOW_SECONDS - 3, rawJson("a", 0)),
                record(NOW_SECONDS - 2, rawJson("b", 0)),
                record(NOW_SECONDS - 1, rawJson("c", 0))));

    long deleted = engine.deleteRecords(RAW, List.of(keys.get(0), keys.get(2), "no-such-key"));

    assertThat(deleted).isEqualTo(2);
    assertThat(engine.queueSize(RAW)).isEqualTo(1);
    assertThat(engine.collectKeys(RAW, 0)).extracting(StoredKey::key).containsExactly(keys.get(1));
    assertThat(engine.collectValues(RAW, keys))
        .extracting(StoredRecord::key)
        .containsExactly(keys.get(1));
    assertThat(engine.deleteRecords(RAW, List.of(keys.get(0)))).isZero();
    assertThat(engine.deleteRecords(RAW, List.of())).isZero();
  }

  @Test
  void queueSizeCountsRecords() {
    assertThat(engine.queueSize(RAW)).isZero();
    engine.storeRecords(RAW, List.of(record(NOW_SECONDS, rawJson("a", 0))));
    engine.storeRecords(
        RAW, List.of(record(NOW_SECONDS, rawJson("b", 0)), record(NOW_SECONDS, rawJson("c", 0))));
    assertThat(engine.queueSize(RAW)).isEqualTo(3);
  }

  @Test
  void queuesAreIndependent() {
    List<String> raw = engine.storeRecords(RAW, List.of(record(NOW_SECONDS, rawJson("raw", 0))));
    List<String> wrapped = engine.storeRecords(WRAPPED, List.of(record(NOW_SECONDS, "{\"w\": 1}")));
    engine.storeRecords(LOGS, List.of(record(NOW_SECONDS - 100_000, "{\"log\": 1}")));
    Queue other = new Queue("events", false);

    assertThat(engine.queueSize(RAW)).isEqualTo(1);
    assertThat(engine.queueSize(WRAPPED)).isEqualTo(1);
    assertThat(engine.queueSize(LOGS)).isEqualTo(1);
    assertThat(engine.queueSize(other)).isZero();
    assertThat(engine.collectValues(WRAPPED, raw)).isEmpty();
    assertThat(engine.deleteRecords(WRAPPED, raw)).isZero();
    assertThat(engine.cleanupOutdated(RAW, Duration.ofSeconds(10))).isZero();
    assertThat(engine.queueSize(LOGS)).isEqualTo(1);

    assertThat(engine.deleteRecords(WRAPPED, wrapped)).isEqualTo(1);
    assertThat(engine.queueSize(RAW)).isEqualTo(1);
  }

  @Test
  void cleanupOutdatedRemovesRecordsOlderThanNowMinusTtl() {
    Duration ttl = Duration.ofSeconds(3600);
    double threshold = NOW_SECONDS - 3600;
    List<String> keys =
        engine.storeRecords(
            RAW,
            List.of(
                record(threshold - 7200, rawJson("very old", 0)),
                record(threshold - 0.5, rawJson("just too old", 0)),
                record(threshold, rawJson("exactly at the limit", 0)),
                record(threshold + 1, rawJson("young", 0)),
                record(NOW_SECONDS + 60, rawJson("from the future", 0))));

    assertThat(engine.cleanupOutdated(RAW, ttl)).isEqualTo(2);

    assertThat(engine.collectKeys(RAW, 0))
        .extracting(StoredKey::key)
        .containsExactlyElementsOf(keys.subList(2, 5));
    assertThat(engine.collectValues(RAW, keys)).hasSize(3);
    assertThat(engine.queueSize(RAW)).isEqualTo(3);
    assertThat(engine.cleanupOutdated(RAW, ttl)).isZero();
  }

  @Test
  void cleanupOutdatedHandlesLargeBacklogs() {
    List<NewRecord> records = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      records.add(record(NOW_SECONDS - 10_000 - i, rawJson("old" + i, i)));
    }
    records.add(record(NOW_SECONDS, rawJson("fresh", 0)));
    engine.storeRecords(RAW, records);

    assertThat(engine.cleanupOutdated(RAW, Duration.ofSeconds(60))).isEqualTo(2500);
    assertThat(engine.queueSize(RAW)).isEqualTo(1);
  }

  @Test
  void bulkOperationsWorkBeyondOneBatch() {
    List<NewRecord> records =
        IntStream.range(0, 2345)
            .mapToObj(i -> record(NOW_SECONDS - 5000 + i, rawJson("bulk", i)))
            .toList();

    List<String> keys = engine.storeRecords(RAW, records);

    assertThat(keys).hasSize(2345);
    assertThat(Set.copyOf(keys)).hasSize(2345);
    assertThat(engine.queueSize(RAW)).isEqualTo(2345);
    assertThat(engine.collectKeys(RAW, 0))
        .extracting(StoredKey::key)
        .containsExactlyElementsOf(keys);
    List<StoredRecord> values = engine.collectValues(RAW, keys);
    assertThat(values).extracting(StoredRecord::key).containsExactlyElementsOf(keys);
    assertThat(values.get(2000).json()).isEqualTo(rawJson("bulk", 2000));
    assertThat(engine.deleteRecords(RAW, keys.subList(0, 2100))).isEqualTo(2100);
    assertThat(engine.collectKeys(RAW, 0))
        .extracting(StoredKey::key)
        .containsExactlyElementsOf(keys.subList(2100, 2345));
  }

  @Test
  void storeAndDeleteStoresTheNewRecordsAndDeletesExactlyTheGivenKeys() {
    List<String> raw =
        engine.storeRecords(
            RAW,
            List.of(
                record(NOW_SECONDS - 20, rawJson("a", 0)),
                record(NOW_SECONDS - 19, rawJson("a", 0)),
                record(NOW_SECONDS - 5, rawJson("later", 0))));
    String wrappedJson =
        "{\"metric\": \"a\", \"tags\": [], \"points\": [[1709294380.0, 2.0]], \"type\": \"count\","
            + " \"interval\": 10}";

    engine.storeAndDelete(
        WRAPPED, List.of(record(NOW_SECONDS - 20, wrappedJson)), RAW, raw.subList(0, 2));

    assertThat(engine.collectKeys(RAW, 0)).extracting(StoredKey::key).containsExactly(raw.get(2));
    List<StoredKey> wrapped = engine.collectKeys(WRAPPED, 0);
    assertThat(wrapped).hasSize(1);
    assertThat(wrapped.get(0).timestamp()).isEqualTo(NOW_SECONDS - 20);
    assertThat(engine.collectValues(WRAPPED, List.of(wrapped.get(0).key())))
        .extracting(StoredRecord::json)
        .containsExactly(wrappedJson);
  }

  @Test
  void storeAndDeleteWorksWithEitherSideEmptyAndBeyondOneBatch() {
    List<String> raw =
        engine.storeRecords(
            RAW,
            IntStream.range(0, 1500)
                .mapToObj(i -> record(NOW_SECONDS - i, rawJson("r", i)))
                .toList());

    engine.storeAndDelete(WRAPPED, List.of(), RAW, raw.subList(0, 1200));
    engine.storeAndDelete(
        WRAPPED,
        IntStream.range(0, 1100).mapToObj(i -> record(NOW_SECONDS, "{\"i\": " + i + "}")).toList(),
        RAW,
        List.of());
    engine.storeAndDelete(WRAPPED, List.of(), RAW, List.of());

    assertThat(engine.queueSize(RAW)).isEqualTo(300);
    assertThat(engine.queueSize(WRAPPED)).isEqualTo(1100);
  }

  @Test
  void isReachableWhileTheStoreRuns() {
    assertThat(engine.isReachable()).isTrue();
  }
}
