package io.chouette.core.aggregate;

import io.chouette.core.metric.MergedMetric;
import io.chouette.core.sketch.WrappedSketch;
import java.util.List;

/**
 * In-memory samples aggregated outside the raw queue (the DogStatsD server's buckets), handed to
 * the aggregator on its tick.
 */
public interface ClosedBucketSource {

  /** Nothing in memory: for when DogStatsD is disabled. */
  ClosedBucketSource NONE = (now, includeOpen) -> List.of();

  /**
   * Removes and returns the buckets that closed at or before {@code nowEpochSeconds}; with {@code
   * includeOpen} (graceful shutdown) the open ones too.
   */
  List<MergedMetric> drainClosed(double nowEpochSeconds, boolean includeOpen);

  /**
   * Removes and returns the distribution sketches of the buckets that {@link #drainClosed} removed
   * so far ({@code DOGSTATSD_DISTRIBUTIONS=sketch}); to be called right after it.
   */
  default List<WrappedSketch> takeClosedSketches() {
    return List.of();
  }
}
