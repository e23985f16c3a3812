package io.chouette.core.dogstatsd;

import io.chouette.core.sketch.SketchBuilder;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The {@link SketchBuilder}s of drained buckets, emptied and kept for the distributions of the next
 * buckets, so that steady traffic allocates no builder once the first buckets have drained. At most
 * {@value #MAX_POOLED} are kept: a burst of contexts does not pin its builders for good. Not
 * thread-safe (guarded by {@link DogStatsdBuckets}).
 */
final class SketchPool {

  /** Builders kept, at most: about 7 KB each while their sketches stay small. */
  static final int MAX_POOLED = 1_024;

  private final ArrayDeque<SketchBuilder> free = new ArrayDeque<>();

  /** An empty builder: a pooled one when there is one. */
  SketchBuilder take() {
    SketchBuilder builder = free.pollLast();
    return builder != null ? builder : new SketchBuilder();
  }

  /** Keeps {@code builders}, each empty (closed or reset), while there is room. */
  void giveBack(List<SketchBuilder> builders) {
    for (SketchBuilder builder : builders) {
      if (free.size() >= MAX_POOLED) {
        return;
      }
      free.addLast(builder);
    }
  }

  /** Builders kept now. */
  int size() {
    return free.size();
  }
}
