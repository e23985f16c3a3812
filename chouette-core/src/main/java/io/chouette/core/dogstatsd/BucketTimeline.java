package io.chouette.core.dogstatsd;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The buckets not drained yet, the one of the current receive time, and the self-metric counts of
 * the datagram being parsed (each counted in its bucket and in the totals since startup, under its
 * transport). Not thread-safe: guarded by the {@link DogStatsdBuckets}' lock.
 */
final class BucketTimeline {

  private final long interval;
  private final List<Bucket> buckets = new ArrayList<>();
  private final long[][] totals =
      new long[DogStatsdTransport.values().length][DogStatsdStat.values().length];
  private Bucket current;
  private DogStatsdTransport transport = DogStatsdTransport.UDP;

  /**
   * @param interval the bucket length in seconds
   */
  BucketTimeline(long interval) {
    this.interval = interval;
  }

  long interval() {
    return interval;
  }

  /** The bucket of the receive time given to {@link #receiveAt}. */
  Bucket current() {
    return current;
  }

  /**
   * Makes the bucket of {@code nowMillis} current and counts what follows under {@code over}, until
   * the next call.
   */
  void receiveAt(long nowMillis, DogStatsdTransport over) {
    long start = Math.floorDiv(Math.floorDiv(nowMillis, 1000L), interval) * interval;
    if (current == null || current.start != start) {
      current = at(start);
    }
    transport = over;
  }

  /** The bucket starting at {@code start} (Unix seconds, a multiple of the interval). */
  Bucket at(long start) {
    for (Bucket bucket : buckets) {
      if (bucket.start == start) {
        return bucket;
      }
    }
    Bucket bucket = new Bucket(start);
    buckets.add(bucket);
    return bucket;
  }

  /** Adds {@code n} to {@code stat} of the current transport, in the current bucket. */
  void count(DogStatsdStat stat, long n) {
    int t = transport.ordinal();
    current.stats[t][stat.ordinal()] += n;
    totals[t][stat.ordinal()] += n;
  }

  /**
   * Takes out the buckets that ended by {@code nowEpochSeconds}, or every bucket with {@code
   * includeOpen}.
   */
  List<Bucket> removeClosed(double nowEpochSeconds, boolean includeOpen) {
    List<Bucket> removed = new ArrayList<>();
    for (Iterator<Bucket> it = buckets.iterator(); it.hasNext(); ) {
      Bucket bucket = it.next();
      if (includeOpen || bucket.start + interval <= nowEpochSeconds) {
        it.remove();
        removed.add(bucket);
      }
    }
    if (removed.contains(current)) {
      current = null;
    }
    return removed;
  }

  DogStatsdTotals totals() {
    return new DogStatsdTotals(totals);
  }
}
