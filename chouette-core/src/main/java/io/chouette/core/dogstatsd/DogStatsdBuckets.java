package io.chouette.core.dogstatsd;

import io.chouette.core.aggregate.ClosedBucketSource;
import io.chouette.core.config.ChouetteConfig;
import io.chouette.core.config.DogStatsdConfig;
import io.chouette.core.config.DogStatsdEnrichmentConfig;
import io.chouette.core.metric.MergedMetric;
import io.chouette.core.sketch.SketchBuilder;
import io.chouette.core.sketch.WrappedSketch;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * DogStatsD samples aggregated in memory per (interval bucket, name, type, sorted tags), until the
 * MetricsAggregator drains the closed buckets on its tick (DESIGN §6). The receiving thread calls
 * {@link #ingest}; the aggregator calls {@link #drainClosed}; both are thread-safe.
 *
 * <p>Buckets are {@code AGGREGATE_INTERVAL} long and aligned to multiples of it. A sample goes to
 * the bucket of its receive time, or of its {@code |T} timestamp (counts and gauges only). Per
 * type, as the Datadog Agent: a count keeps {@code sum(value × 1/rate)}, a gauge the last value, a
 * set its distinct members, a histogram ({@code h}, {@code ms}) every value with the weight {@code
 * 1/rate}, a distribution ({@code d}) a DDSketch, or with {@code DOGSTATSD_DISTRIBUTIONS=histogram}
 * the values as a histogram ({@link Accumulator}). Every sample is stamped with its bucket's start.
 * Closed sketches are handed over by {@link #takeClosedSketches} after the drain that closed them.
 *
 * <p>Memory is bounded over all undrained buckets together ({@link LiveContexts}): at most {@code
 * DOGSTATSD_MAX_CONTEXTS} contexts, {@value LiveContexts#ACCUMULATORS_PER_CONTEXT} × that many
 * (context, bucket) pairs, and {@value LiveContexts#SAMPLES_PER_CONTEXT} × that many histogram
 * values plus set members. Samples beyond a bound are dropped and counted ({@link DogStatsdStat}).
 *
 * <p>Events and service checks are read whole ({@link EventFields}) and wait, as JSON records, in
 * two bounded lists ({@link #pendingEvents()}, {@link #pendingServiceChecks()}) that the
 * DogStatsdServer stores; beyond {@value #MAX_PENDING} each they are dropped and counted.
 *
 * <p>This class holds the lock and the drain; the receive path is {@link LineAggregator}, the
 * buckets and self-metric counts {@link BucketTimeline}.
 */
public final class DogStatsdBuckets implements ClosedBucketSource {

  /** Events, and service checks, received but not stored yet, at most. */
  public static final int MAX_PENDING = 10_000;

  private final boolean selfMetrics;
  private final Clock clock;

  // Everything below is guarded by "this".
  private final BucketTimeline timeline;
  private final LiveContexts contexts;
  private final LineAggregator lines;
  private final List<WrappedSketch> closedSketches = new ArrayList<>();

  // Thread-safe on their own: the server reads them without this lock.
  private final PendingRecords events;
  private final PendingRecords serviceChecks;

  /** With distributions as sketches, the default of {@code DOGSTATSD_DISTRIBUTIONS}. */
  public DogStatsdBuckets(Duration interval, int maxContexts, boolean selfMetrics, Clock clock) {
    this(interval, maxContexts, selfMetrics, clock, DogStatsdConfig.Distributions.SKETCH);
  }

  /**
   * @param interval the bucket length ({@code AGGREGATE_INTERVAL}), whole seconds
   * @param maxContexts {@code DOGSTATSD_MAX_CONTEXTS}
   * @param selfMetrics whether drained buckets include {@code chouette.dogstatsd.*} counts
   * @param clock the receive time
   * @param distributions {@code DOGSTATSD_DISTRIBUTIONS}: sketches or histogram values for {@code
   *     |d}
   */
  public DogStatsdBuckets(
      Duration interval,
      int maxContexts,
      boolean selfMetrics,
      Clock clock,
      DogStatsdConfig.Distributions distributions) {
    this(
        interval,
        maxContexts,
        selfMetrics,
        clock,
        distributions,
        MAX_PENDING,
        DogStatsdEnrichment.NONE);
  }

  /**
   * With {@code DOGSTATSD_TAGS}, the namespace and the mapper of {@code enrichment}.
   *
   * @throws IllegalArgumentException when its mapper profiles do not compile (the configuration
   *     checked them already)
   */
  public DogStatsdBuckets(
      Duration interval,
      int maxContexts,
      boolean selfMetrics,
      Clock clock,
      DogStatsdConfig.Distributions distributions,
      DogStatsdEnrichmentConfig enrichment) {
    this(
        interval,
        maxContexts,
        selfMetrics,
        clock,
        distributions,
        MAX_PENDING,
        new DogStatsdEnrichment(enrichment));
  }

  /** With another bound on the events and service checks waiting to be stored. */
  // visible for testing
  DogStatsdBuckets(
      Duration interval, int maxContexts, boolean selfMetrics, Clock clock, int maxPending) {
    this(
        interval,
        maxContexts,
        selfMetrics,
        clock,
        DogStatsdConfig.Distributions.SKETCH,
        maxPending,
        DogStatsdEnrichment.NONE);
  }

  private DogStatsdBuckets(
      Duration interval,
      int maxContexts,
      boolean selfMetrics,
      Clock clock,
      DogStatsdConfig.Distributions distributions,
      int maxPending,
      DogStatsdEnrichment enrichment) {
    if (interval.toSeconds() < 1 || maxContexts < 1) {
      throw new IllegalArgumentException("interval and maxContexts must be positive");
    }
    this.selfMetrics = selfMetrics;
    this.clock = clock;
    this.timeline = new BucketTimeline(interval.toSeconds());
    this.contexts =
        new LiveContexts(
            maxContexts, distributions == DogStatsdConfig.Distributions.SKETCH, enrichment);
    this.events = new PendingRecords(maxPending);
    this.serviceChecks = new PendingRecords(maxPending);
    this.lines = new LineAggregator(timeline, contexts, enrichment, events, serviceChecks);
  }

  /** The buckets for Chouette's configuration. */
  public static DogStatsdBuckets create(ChouetteConfig config, Clock clock) {
    return new DogStatsdBuckets(
        config.aggregator().interval(),
        config.dogStatsd().maxContexts(),
        config.sender().sendSelfMetrics(),
        clock,
        config.dogStatsd().distributions(),
        config.dogStatsdEnrichment());
  }

  /**
   * Turns origin detection on: from now on each metric line gets the tags of the container that
   * sent it ({@link OriginLines}).
   */
  public synchronized void detectOrigin(OriginLines origin) {
    lines.detectOrigin(origin);
  }

  /** Parses one datagram {@code b[offset, offset + length)} and aggregates its samples. */
  public void ingest(byte[] b, int offset, int length) {
    synchronized (this) {
      ingestLocked(DogStatsdTransport.UDP, 0, b, offset, length);
    }
  }

  /**
   * Parses {@code count} datagrams stored back to back from the start of {@code b}, the i-th {@code
   * lengths[i]} bytes long, under one acquisition of the lock.
   */
  public void ingest(byte[] b, int[] lengths, int count) {
    synchronized (this) {
      int offset = 0;
      for (int i = 0; i < count; i++) {
        ingestLocked(DogStatsdTransport.UDP, 0, b, offset, lengths[i]);
        offset += lengths[i];
      }
    }
  }

  /**
   * As {@link #ingest(byte[], int[], int)}, for datagrams received over {@code transport}, the i-th
   * sent by process {@code pids[i]} (0 when unknown).
   */
  public void ingest(DogStatsdTransport transport, byte[] b, int[] lengths, int[] pids, int count) {
    synchronized (this) {
      int offset = 0;
      for (int i = 0; i < count; i++) {
        ingestLocked(transport, pids[i], b, offset, lengths[i]);
        offset += lengths[i];
      }
    }
  }

  /** Counts a stream frame refused by the stream socket's reader. */
  synchronized void countFrameError() {
    timeline.receiveAt(clock.millis(), DogStatsdTransport.UDS_STREAM);
    timeline.count(DogStatsdStat.FRAME_ERRORS, 1);
  }

  private void ingestLocked(
      DogStatsdTransport transport, int pid, byte[] b, int offset, int length) {
    // The clock is read under the lock: a sample can then never land in a bucket that a
    // concurrent drain has already handed over.
    lines.datagram(transport, pid, clock.millis(), b, offset, length);
  }

  @Override
  public List<MergedMetric> drainClosed(double nowEpochSeconds, boolean includeOpen) {
    List<Bucket> drained;
    synchronized (this) {
      drained = timeline.removeClosed(nowEpochSeconds, includeOpen);
      if (drained.isEmpty()) {
        return List.of();
      }
      contexts.release(drained);
    }
    // The drained buckets are unreachable from the receiving side now: no lock needed.
    drained.sort(Comparator.comparingLong(bucket -> bucket.start));
    List<MergedMetric> metrics = new ArrayList<>();
    List<WrappedSketch> sketches = new ArrayList<>();
    List<SketchBuilder> emptied = new ArrayList<>();
    for (Bucket bucket : drained) {
      bucket.addMergedTo(metrics, selfMetrics);
      bucket.closeSketches(sketches, emptied);
    }
    if (!emptied.isEmpty()) {
      synchronized (this) {
        contexts.sketchPool().giveBack(emptied);
        closedSketches.addAll(sketches);
      }
    }
    return metrics;
  }

  /** Events received and not stored yet, as records of {@code chouette:events:wrapped}. */
  public PendingRecords pendingEvents() {
    return events;
  }

  /** Service checks received and not stored yet, as records of their wrapped queue. */
  public PendingRecords pendingServiceChecks() {
    return serviceChecks;
  }

  /**
   * The distributions' sketches that the drains so far closed, oldest bucket first, and forgets
   * them: the caller of {@link #drainClosed} takes them right after it.
   */
  @Override
  public synchronized List<WrappedSketch> takeClosedSketches() {
    if (closedSketches.isEmpty()) {
      return List.of();
    }
    List<WrappedSketch> taken = List.copyOf(closedSketches);
    closedSketches.clear();
    return taken;
  }

  /** Counts since startup. */
  public synchronized DogStatsdTotals totals() {
    return timeline.totals();
  }

  /** Contexts with samples in buckets not drained yet. */
  public synchronized int liveContexts() {
    return contexts.live();
  }
}
