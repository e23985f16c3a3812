package io.chouette.core.aggregate;

import io.chouette.core.storage.StoredKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The raw keys of one batch whose bucket has closed, oldest first.
 *
 * @param due the keys to aggregate now
 * @param batchFull whether the store returned a whole batch, so more keys may follow
 */
record ClosedKeys(List<String> due, boolean batchFull) {

  ClosedKeys {
    due = List.copyOf(due);
  }

  /**
   * Keeps the keys, oldest first, up to the first one in the bucket still open at {@code
   * nowSeconds}. When the batch is full its last bucket may go on in the next batch, so that bucket
   * is left whole for then (unless it is the only one in the batch).
   */
  static ClosedKeys select(
      List<StoredKey> keys, double nowSeconds, long intervalSeconds, int batchSize) {
    long openBucket = MetricsMerger.bucketOf(nowSeconds, intervalSeconds);
    List<String> due = new ArrayList<>(keys.size());
    long lastBucket = Long.MIN_VALUE;
    int lastBucketStart = 0;
    for (StoredKey key : keys) {
      long bucket = MetricsMerger.bucketOf(key.timestamp(), intervalSeconds);
      if (bucket >= openBucket) {
        break;
      }
      if (bucket != lastBucket) {
        lastBucket = bucket;
        lastBucketStart = due.size();
      }
      due.add(key.key());
    }
    boolean batchFull = keys.size() == batchSize;
    if (batchFull && lastBucketStart > 0 && due.size() == keys.size()) {
      due = due.subList(0, lastBucketStart);
    }
    return new ClosedKeys(due, batchFull);
  }
}
