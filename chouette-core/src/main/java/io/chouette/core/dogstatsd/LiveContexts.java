package io.chouette.core.dogstatsd;

import io.chouette.core.metric.MetricType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The contexts that have samples in buckets not yet drained, and the bounds that keep them in
 * memory limits: at most {@code maxContexts} such contexts, at most {@value
 * #ACCUMULATORS_PER_CONTEXT} × that many (context, bucket) accumulators, and at most {@value
 * #SAMPLES_PER_CONTEXT} × that many histogram values and set members held (a distribution's sketch
 * holds bins, bounded by itself, not samples). The bounds hold for all undrained buckets together,
 * not per bucket. Not thread-safe (guarded by {@link DogStatsdBuckets}).
 */
final class LiveContexts {

  /** Histogram values and set members held, per allowed context. */
  static final int SAMPLES_PER_CONTEXT = 10;

  /** (context, bucket) accumulators, per allowed context. */
  static final int ACCUMULATORS_PER_CONTEXT = 4;

  private final int maxContexts;
  private final int maxAccumulators;
  private final long maxSamples;
  private final Map<ContextTable.Key, ContextTable.Context> contexts = new HashMap<>();
  private final ContextTable spellings;
  private final boolean sketches;
  private final DogStatsdEnrichment enrichment;
  private final SketchPool sketchPool = new SketchPool();
  private int liveContexts;
  private int liveAccumulators;
  private long heldSamples;

  /**
   * @param sketches whether {@code |d} samples make distribution contexts with a sketch ({@code
   *     DOGSTATSD_DISTRIBUTIONS=sketch}); else they share the histogram context of their name
   * @param enrichment what a new context's name and tags get beyond what the line says
   */
  LiveContexts(int maxContexts, boolean sketches, DogStatsdEnrichment enrichment) {
    this.maxContexts = maxContexts;
    this.sketches = sketches;
    this.enrichment = enrichment;
    this.maxAccumulators =
        (int) Math.min(Integer.MAX_VALUE, (long) maxContexts * ACCUMULATORS_PER_CONTEXT);
    this.maxSamples = (long) maxContexts * SAMPLES_PER_CONTEXT;
    this.spellings = new ContextTable(maxAccumulators);
  }

  /**
   * The accumulator of the context of {@code line} (a metric line in {@code b}) in {@code target},
   * created when missing; null when a bound forbids it.
   */
  Accumulator accumulator(byte[] b, ParsedLine line, Bucket target) {
    ContextTable.Context context = context(b, line);
    if (context == null) {
      return null;
    }
    Accumulator accumulator = context.current;
    if (accumulator != null && accumulator.bucket == target) {
      return accumulator;
    }
    accumulator = target.accumulators.get(context);
    if (accumulator == null) {
      if (context.liveAccumulators == 0 && liveContexts >= maxContexts) {
        return null;
      }
      if (liveAccumulators >= maxAccumulators) {
        return null;
      }
      accumulator = Accumulator.create(context, target, sketchPool);
      target.accumulators.put(context, accumulator);
      if (context.liveAccumulators++ == 0) {
        liveContexts++;
      }
      liveAccumulators++;
    }
    context.current = accumulator;
    return accumulator;
  }

  private ContextTable.Context context(byte[] b, ParsedLine l) {
    int typeOrdinal = l.type.ordinal();
    int hash = ContextTable.hash(b, l.nameStart, l.nameEnd, typeOrdinal, l.tagsStart, l.tagsEnd);
    ContextTable.Context context =
        spellings.find(b, l.nameStart, l.nameEnd, typeOrdinal, l.tagsStart, l.tagsEnd, hash);
    if (context != null) {
      return context;
    }
    ContextTable.Key key =
        enrichment.contextKey(
            DogStatsdParser.utf8(b, l.nameStart, l.nameEnd),
            metricType(l.type),
            b,
            l.tagsStart,
            l.tagsEnd);
    context = contexts.get(key);
    if (context == null) {
      if (liveContexts >= maxContexts) {
        return null;
      }
      context = new ContextTable.Context(key);
      contexts.put(key, context);
    }
    spellings.put(b, l.nameStart, l.nameEnd, typeOrdinal, l.tagsStart, l.tagsEnd, hash, context);
    return context;
  }

  private MetricType metricType(DogStatsdType type) {
    return sketches && type == DogStatsdType.DISTRIBUTION
        ? MetricType.DISTRIBUTION
        : type.metricType();
  }

  /** Where drained distributions' builders go back once closed. */
  SketchPool sketchPool() {
    return sketchPool;
  }

  /** How many more histogram values or set members may be held. */
  long sampleRoom() {
    return maxSamples - heldSamples;
  }

  /** Counts {@code n} more values or members held; at most {@link #sampleRoom()}. */
  void holdSamples(int n) {
    heldSamples += n;
  }

  /** Frees what the accumulators of the drained buckets held; their contexts may die. */
  void release(List<Bucket> drained) {
    boolean died = false;
    for (Bucket bucket : drained) {
      for (Accumulator accumulator : bucket.accumulators.values()) {
        liveAccumulators--;
        heldSamples -= accumulator.held();
        ContextTable.Context context = accumulator.context;
        if (context.current == accumulator) {
          context.current = null;
        }
        if (--context.liveAccumulators == 0) {
          liveContexts--;
          contexts.remove(context.key);
          context.dead = true;
          died = true;
        }
      }
    }
    if (died) {
      spellings.removeDead();
    }
  }

  /** Contexts with samples in buckets not drained yet. */
  int live() {
    return liveContexts;
  }
}
