package io.chouette.storage.sqlite;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a forked JVM under a file size limit by {@link SqliteDiskFullTest}: stores batches until
 * the store fails, says how many it holds, then retries until the limit is lifted from outside.
 */
public final class FillUntilFull {

  private FillUntilFull() {}

  public static void main(String[] args) throws Exception {
    SqliteConfig config = new SqliteConfig(Path.of(args[0]), 1024L * 1024 * 1024);
    try (SqliteStorageEngine engine = SqliteStorageEngine.open(config, Clock.systemUTC())) {
      long stored = 0;
      while (true) {
        try {
          stored += engine.storeRecords(Queue.WRAPPED_METRICS, batch(stored)).size();
        } catch (StorageException e) {
          System.out.println("FAILED " + e.getMessage());
          break;
        }
      }
      System.out.println("HOLDS " + engine.queueSize(Queue.WRAPPED_METRICS) + " STORED " + stored);
      while (true) {
        Thread.sleep(100);
        try {
          stored += engine.storeRecords(Queue.WRAPPED_METRICS, batch(stored)).size();
          System.out.println(
              "RECOVERED HOLDS " + engine.queueSize(Queue.WRAPPED_METRICS) + " STORED " + stored);
          return;
        } catch (StorageException e) {
          System.out.println("STILL " + e.getMessage());
        }
      }
    }
  }

  private static List<NewRecord> batch(long first) {
    List<NewRecord> records = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      records.add(
          new NewRecord(
              first + i, "{\"metric\": \"fill\", \"points\": [[" + (first + i) + ", 1]]}"));
    }
    return records;
  }
}
