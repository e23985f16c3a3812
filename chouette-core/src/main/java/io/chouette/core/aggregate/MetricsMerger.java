package io.chouette.core.aggregate;

import io.chouette.core.metric.MergedMetric;
import io.chouette.core.metric.MetricType;
import io.chouette.core.metric.RawRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the samples of one bucket: every sample of a context (name, type, sorted tags) becomes
 * part of one {@link MergedMetric}, wherever it sits in timestamp order.
 *
 * <p>Not thread-safe: one merger per bucket, used by one actor.
 */
public final class MetricsMerger {

  private record Context(String name, MetricType type, List<String> tags) {}

  private static final class Samples {
    final List<Double> values = new ArrayList<>();
    final List<String> members = new ArrayList<>();
    final List<Double> timestamps = new ArrayList<>();
  }

  private final Map<Context, Samples> contexts = new LinkedHashMap<>();

  public void add(RawRecord.Sample sample) {
    Samples samples =
        contexts.computeIfAbsent(
            new Context(sample.name(), sample.type(), sample.tags()), c -> new Samples());
    if (sample.type() == MetricType.SET) {
      samples.members.addAll(sample.members());
    } else {
      samples.values.add(sample.value());
    }
    samples.timestamps.add(sample.timestamp());
  }

  public boolean isEmpty() {
    return contexts.isEmpty();
  }

  /** One merged metric per context, in order of first appearance. */
  public List<MergedMetric> merged() {
    List<MergedMetric> merged = new ArrayList<>(contexts.size());
    contexts.forEach(
        (context, samples) ->
            merged.add(
                new MergedMetric(
                    context.name(),
                    context.type(),
                    context.tags(),
                    samples.values,
                    samples.members,
                    samples.timestamps)));
    return merged;
  }

  /** {@code floor(timestamp / interval)}: the bucket number. */
  public static long bucketOf(double timestamp, long intervalSeconds) {
    return (long) Math.floor(timestamp / intervalSeconds);
  }
}
