package io.chouette.storage.sqlite;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StoredKey;
import io.chouette.core.storage.StoredRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The store's share of a drain (docs/PERFORMANCE.md, "Draining a backlog from SQLite"): queues
 * {@code records} wrapped metrics in a database in a temporary directory, then takes them out as
 * the metrics sender does, a bulk at a time (keys, values, deletion, and the bound every ten
 * bulks), and prints the mean time of each step. Not a test: a main, run by hand.
 *
 * <pre>{@code
 * SqliteDrainStoreBenchmark [records, default 1000000] [bulk size, default 10000]
 * }</pre>
 */
public final class SqliteDrainStoreBenchmark {

  private SqliteDrainStoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int bulkSize = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    Path dir = Files.createTempDirectory("chouette-drain-store-");
    try {
      run(new SqliteConfig(dir, 1L << 40), records, bulkSize);
    } finally {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(dir);
    }
  }

  private static void run(SqliteConfig config, int records, int bulkSize) {
    try (SqliteStorageEngine engine = SqliteStorageEngine.open(config, Clock.systemUTC())) {
      long now = System.currentTimeMillis() / 1000;
      List<NewRecord> batch = new ArrayList<>();
      for (int i = 0; i < records; i++) {
        double ts = now - records / 100.0 + i / 100.0;
        batch.add(new NewRecord(ts, json(i, ts)));
        if (batch.size() == bulkSize || i == records - 1) {
          engine.storeRecords(Queue.WRAPPED_METRICS, batch);
          batch.clear();
        }
      }
    }
    try (SqliteStorageEngine engine = SqliteStorageEngine.open(config, Clock.systemUTC())) {
      long keysNanos = 0;
      long valuesNanos = 0;
      long deleteNanos = 0;
      int bulks = 0;
      long start = System.nanoTime();
      while (true) {
        long t0 = System.nanoTime();
        List<StoredKey> keys = engine.collectKeys(Queue.WRAPPED_METRICS, bulkSize);
        long t1 = System.nanoTime();
        if (keys.isEmpty()) {
          break;
        }
        List<String> names = keys.stream().map(StoredKey::key).toList();
        List<StoredRecord> values = engine.collectValues(Queue.WRAPPED_METRICS, names);
        long t2 = System.nanoTime();
        engine.deleteRecords(Queue.WRAPPED_METRICS, names);
        long t3 = System.nanoTime();
        if (values.size() != names.size()) {
          throw new IllegalStateException(values.size() + " values for " + names.size() + " keys");
        }
        keysNanos += t1 - t0;
        valuesNanos += t2 - t1;
        deleteNanos += t3 - t2;
        if (++bulks % 10 == 0) {
          engine.enforceBound();
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%d bulks of %d in %.1f s (%,.0f records/s): keys %.1f ms, values %.1f ms, deletion"
              + " %.1f ms a bulk%n",
          bulks,
          bulkSize,
          seconds,
          records / seconds,
          keysNanos / 1e6 / bulks,
          valuesNanos / 1e6 / bulks,
          deleteNanos / 1e6 / bulks);
    }
  }

  private static String json(int i, double ts) {
    return "{\"metric\":\"bench.metric."
        + i % 20
        + "\",\"type\":\"gauge\",\"timestamp\":"
        + ts
        + ",\"value\":"
        + i % 1000
        + ",\"tags\":[\"ctx:"
        + i % 200
        + "\"]}";
  }
}
