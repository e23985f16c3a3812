package io.chouette.core.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The peak of the live heap during a benchmark run, sampled every 20 ms. "Live" is what the heap
 * held right after the last collection, so garbage waiting for the next GC does not count.
 */
public final class LiveHeapSampler extends Thread {
  private volatile boolean running = true;
  private volatile long peak;

  public LiveHeapSampler() {
    super("heap-sampler");
    setDaemon(true);
  }

  /** Bytes the heap held after the last collection. */
  public static long liveHeapAfterLastGc() {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        used += pool.getCollectionUsage().getUsed();
      }
    }
    return used;
  }

  @Override
  public void run() {
    while (running) {
      peak = Math.max(peak, liveHeapAfterLastGc());
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops sampling and returns the peak in bytes. */
  public long halt() {
    running = false;
    return peak;
  }
}
