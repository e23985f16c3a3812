package io.chouette.core.dogstatsd;

import io.chouette.core.metric.MergedMetric;
import io.chouette.core.metric.MetricType;
import io.chouette.core.sketch.SketchBuilder;
import io.chouette.core.sketch.WrappedSketch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One interval: its accumulators and its self-metric counts. Not thread-safe. */
final class Bucket {
  final long start;
  final Map<ContextTable.Context, Accumulator> accumulators = new HashMap<>();

  /** By transport, then stat (ordinals). */
  final long[][] stats =
      new long[DogStatsdTransport.values().length][DogStatsdStat.values().length];

  Bucket(long start) {
    this.start = start;
  }

  /**
   * Appends one MergedMetric per context but distributions kept as sketches and, with {@code
   * selfMetrics}, one count per non-zero {@link DogStatsdStat} of each transport; every sample is
   * stamped with the bucket start.
   */
  void addMergedTo(List<MergedMetric> metrics, boolean selfMetrics) {
    double at = start;
    for (Accumulator accumulator : accumulators.values()) {
      if (!(accumulator instanceof Accumulator.Sketch)) {
        metrics.add(accumulator.toMerged(at));
      }
    }
    if (!selfMetrics) {
      return;
    }
    for (DogStatsdTransport transport : DogStatsdTransport.values()) {
      long[] counts = stats[transport.ordinal()];
      for (DogStatsdStat stat : DogStatsdStat.values()) {
        long value = counts[stat.ordinal()];
        if (value > 0) {
          metrics.add(
              new MergedMetric(
                  stat.metric(),
                  MetricType.COUNT,
                  stat.tags(transport),
                  List.of((double) value),
                  List.of(),
                  List.of(at)));
        }
      }
    }
  }

  /**
   * Closes the distributions' sketches into {@code sketches} (stamped with the bucket start) and
   * hands their emptied builders to {@code builders}, for reuse.
   */
  void closeSketches(List<WrappedSketch> sketches, List<SketchBuilder> builders) {
    for (Accumulator accumulator : accumulators.values()) {
      if (accumulator instanceof Accumulator.Sketch sketch) {
        WrappedSketch closed = sketch.close(start);
        if (closed != null) {
          sketches.add(closed);
        }
        builders.add(sketch.builder());
      }
    }
  }
}
