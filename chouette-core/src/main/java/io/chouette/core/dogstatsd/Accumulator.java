package io.chouette.core.dogstatsd;

import io.chouette.core.metric.MergedMetric;
import io.chouette.core.metric.SetMembers;
import io.chouette.core.sketch.SketchBuilder;
import io.chouette.core.sketch.WrappedSketch;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The samples of one context in one bucket, kept as small as the type allows (Agent {@code
 * pkg/metrics/{counter,gauge,set,histogram}.go}): a count keeps its sum, a gauge its last value, a
 * histogram every value with its weight, a set its distinct members, a distribution its sketch
 * ({@code pkg/metrics/distribution.go}). Each type's {@code addLine} takes the values of one parsed
 * metric line and returns how many samples it aggregated; histogram values and set members count
 * against the {@link LiveContexts} sample budget. Not thread-safe.
 */
abstract class Accumulator {

  final ContextTable.Context context;
  final Bucket bucket;

  Accumulator(ContextTable.Context context, Bucket bucket) {
    this.context = context;
    this.bucket = bucket;
  }

  /** The accumulator for the context's type; a distribution takes its builder from {@code pool}. */
  static Accumulator create(ContextTable.Context context, Bucket bucket, SketchPool pool) {
    switch (context.type) {
      case COUNT:
        return new Count(context, bucket);
      case GAUGE:
        return new Gauge(context, bucket);
      case SET:
        return new SetOf(context, bucket);
      case DISTRIBUTION:
        return new Sketch(context, bucket, pool.take());
      default:
        return new Histogram(context, bucket);
    }
  }

  /** Values or members held, which count against the sample budget. */
  int held() {
    return 0;
  }

  /** The bucket's MergedMetric; every sample is stamped with the bucket start. */
  abstract MergedMetric toMerged(double bucketStart);

  MergedMetric merged(
      List<Double> values, List<String> members, int samples, double start, List<Double> weights) {
    return new MergedMetric(
        context.name,
        context.type,
        context.tags,
        values,
        members,
        Collections.nCopies(samples, start),
        weights);
  }

  /** Sum of value × (1 / rate) (counter.go). */
  static final class Count extends Accumulator {
    private double sum;

    Count(ContextTable.Context context, Bucket bucket) {
      super(context, bucket);
    }

    int addLine(ParsedLine line) {
      // counter.go: value * (1 / rate). A timestamped count is sent as is by the Agent, without
      // its rate (no_aggregation_stream_worker.go).
      double factor = line.timestamp != 0 ? 1.0 : 1 / line.sampleRate;
      double[] values = line.values;
      for (int i = 0; i < line.valueCount; i++) {
        sum += values[i] * factor;
      }
      return line.valueCount;
    }

    @Override
    MergedMetric toMerged(double bucketStart) {
      return merged(List.of(sum), List.of(), 1, bucketStart, List.of());
    }
  }

  /** The sample with the latest timestamp; on a tie the last one received (gauge.go). */
  static final class Gauge extends Accumulator {
    private double value;
    private long millis = Long.MIN_VALUE;

    Gauge(ContextTable.Context context, Bucket bucket) {
      super(context, bucket);
    }

    int addLine(ParsedLine line, long sampleMillis) {
      double[] values = line.values;
      for (int i = 0; i < line.valueCount; i++) {
        add(values[i], sampleMillis);
      }
      return line.valueCount;
    }

    private void add(double sample, long sampleMillis) {
      if (sampleMillis >= millis) {
        value = sample;
        millis = sampleMillis;
      }
    }

    @Override
    MergedMetric toMerged(double bucketStart) {
      return merged(List.of(value), List.of(), 1, bucketStart, List.of());
    }
  }

  /** Every value with its weight 1/rate; weights stored only once one differs from 1. */
  static final class Histogram extends Accumulator {
    private double[] values = new double[4];
    private double[] weights;
    private int size;

    Histogram(ContextTable.Context context, Bucket bucket) {
      super(context, bucket);
    }

    /** Adds the line's values while the sample budget allows. */
    int addLine(ParsedLine line, LiveContexts budget) {
      double weight = 1 / line.sampleRate;
      double[] values = line.values;
      int added = (int) Math.min(line.valueCount, budget.sampleRoom());
      for (int i = 0; i < added; i++) {
        add(values[i], weight);
      }
      budget.holdSamples(added);
      return added;
    }

    private void add(double value, double weight) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
        if (weights != null) {
          weights = Arrays.copyOf(weights, size * 2);
        }
      }
      if (weight != 1.0 && weights == null) {
        weights = new double[values.length];
        Arrays.fill(weights, 0, size, 1.0);
      }
      values[size] = value;
      if (weights != null) {
        weights[size] = weight;
      }
      size++;
    }

    @Override
    int held() {
      return size;
    }

    @Override
    MergedMetric toMerged(double bucketStart) {
      return merged(
          view(values, size),
          List.of(),
          size,
          bucketStart,
          weights == null ? List.of() : view(weights, size));
    }
  }

  /**
   * A distribution's DDSketch, as the Agent's {@code Distribution}: every value inserted with its
   * sample rate ({@link SketchBuilder#insert(double, double)}). Its memory is bounded by the
   * sketch's bin limit, so it holds no samples against the budget.
   */
  static final class Sketch extends Accumulator {
    private final SketchBuilder builder;

    Sketch(ContextTable.Context context, Bucket bucket, SketchBuilder builder) {
      super(context, bucket);
      this.builder = builder;
    }

    /** Inserts the line's values (name:1:2:3|d|@0.5 is three samples at rate 0.5). */
    int addLine(ParsedLine line) {
      double[] values = line.values;
      int added = 0;
      for (int i = 0; i < line.valueCount; i++) {
        if (builder.insert(values[i], line.sampleRate)) {
          added++;
        }
      }
      return added;
    }

    /**
     * The closed sketch, stamped with the bucket start, or null when nothing was inserted; the
     * builder is left empty for reuse.
     */
    WrappedSketch close(long bucketStart) {
      if (builder.isEmpty()) {
        return null;
      }
      // the host is left empty here: HOST is added at send time, as for series
      return new WrappedSketch(context.name, "", context.tags, bucketStart, builder.close());
    }

    SketchBuilder builder() {
      return builder;
    }

    @Override
    MergedMetric toMerged(double bucketStart) {
      throw new IllegalStateException("a sketch is drained by Bucket.closeSketches, not merged");
    }
  }

  /** Distinct members as opaque strings: {@code 1} and {@code 1.0} differ (set.go). */
  static final class SetOf extends Accumulator {
    private final Set<String> members = new HashSet<>();

    SetOf(ContextTable.Context context, Bucket bucket) {
      super(context, bucket);
    }

    /** Adds the line's member; a member already held counts as aggregated. */
    int addLine(byte[] b, ParsedLine line, LiveContexts budget) {
      String member = DogStatsdParser.utf8(b, line.valueStart, line.valueEnd);
      if (members.contains(member)) {
        return 1;
      }
      if (budget.sampleRoom() <= 0) {
        return 0;
      }
      members.add(member);
      budget.holdSamples(1);
      return 1;
    }

    @Override
    int held() {
      return members.size();
    }

    @Override
    MergedMetric toMerged(double bucketStart) {
      List<String> canonical = new ArrayList<>(members.size());
      for (String member : members) {
        canonical.add(SetMembers.ofString(member)); // an opaque string
      }
      Collections.sort(canonical);
      return merged(List.of(), canonical, canonical.size(), bucketStart, List.of());
    }
  }

  private static List<Double> view(double[] array, int size) {
    return new AbstractList<>() {
      @Override
      public Double get(int index) {
        return array[index];
      }

      @Override
      public int size() {
        return size;
      }
    };
  }
}
