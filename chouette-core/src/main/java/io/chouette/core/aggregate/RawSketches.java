package io.chouette.core.aggregate;

import io.chouette.core.metric.RawRecord;
import io.chouette.core.sketch.SketchBuilder;
import io.chouette.core.sketch.WrappedSketch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The raw queue's {@code distribution} samples of one batch as sketches: one per (bucket, name,
 * sorted tags), stamped with the bucket start, the samples inserted in the batch's order. Not
 * thread-safe: used by one actor.
 */
final class RawSketches {

  private record Context(String name, List<String> tags) {}

  private final long intervalSeconds;
  private final Map<Long, Map<Context, SketchBuilder>> byBucket = new TreeMap<>();

  RawSketches(long intervalSeconds) {
    this.intervalSeconds = intervalSeconds;
  }

  void add(RawRecord.Sample sample) {
    byBucket
        .computeIfAbsent(
            MetricsMerger.bucketOf(sample.timestamp(), intervalSeconds), b -> new LinkedHashMap<>())
        .computeIfAbsent(new Context(sample.name(), sample.tags()), c -> new SketchBuilder())
        .insert(sample.value());
  }

  /** The sketches, oldest bucket first; the host is left empty (HOST is added at send time). */
  List<WrappedSketch> sketches() {
    List<WrappedSketch> sketches = new ArrayList<>();
    byBucket.forEach(
        (bucket, contexts) ->
            contexts.forEach(
                (context, builder) ->
                    sketches.add(
                        new WrappedSketch(
                            context.name(),
                            "",
                            context.tags(),
                            bucket * intervalSeconds,
                            builder.close()))));
    return sketches;
  }
}
