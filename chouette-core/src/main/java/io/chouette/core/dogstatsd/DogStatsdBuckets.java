package io.chouette.core.dogstatsd;

import io.chouette.core.aggregate.ClosedBucketSource;
import io.chouette.core.config.ChouetteConfig;
import io.chouette.core.config.DogStatsdConfig;
import io.chouette.core.config.DogStatsdEnrichmentConfig;
import io.chouette.core.event.Event;
import io.chouette.core.event.EventCodec;
import io.chouette.core.event.ServiceCheck;
import io.chouette.core.event.ServiceCheckCodec;
import io.chouette.core.metric.MergedMetric;
import io.chouette.core.sketch.SketchBuilder;
import io.chouette.core.sketch.WrappedSketch;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
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
 */
public final class DogStatsdBuckets implements ClosedBucketSource {

  /** Events, and service checks, received but not stored yet, at most. */
  public static final int MAX_PENDING = 10_000;

  private final long interval;
  private final boolean selfMetrics;
  private final Clock clock;
  private final DogStatsdEnrichment enrichment;

  // Everything below is guarded by "this".
  private final List<Bucket> buckets = new ArrayList<>();
  private final LiveContexts contexts;
  private final BadLineLog badLines = new BadLineLog();
  private final ParsedLine line = new ParsedLine();
  private final DogStatsdParser.LineConsumer onLine = this::onLine;
  private final long[][] totals =
      new long[DogStatsdTransport.values().length][DogStatsdStat.values().length];
  private final List<WrappedSketch> closedSketches = new ArrayList<>();
  private Bucket current;
  private long nowMillis;
  private OriginLines origin; // null: origin detection off
  private int senderPid; // of the datagram being parsed, 0 when unknown
  private DogStatsdTransport transport = DogStatsdTransport.UDP; // of the datagram being parsed

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
    this.interval = interval.toSeconds();
    this.selfMetrics = selfMetrics;
    this.clock = clock;
    this.enrichment = enrichment;
    this.contexts =
        new LiveContexts(
            maxContexts, distributions == DogStatsdConfig.Distributions.SKETCH, enrichment);
    this.events = new PendingRecords(maxPending);
    this.serviceChecks = new PendingRecords(maxPending);
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
    this.origin = origin;
  }

  /** Parses one datagram {@code b[offset, offset + length)} and aggregates its samples. */
  public void ingest(byte[] b, int offset, int length) {
    synchronized (this) {
      senderPid = 0;
      ingestLocked(DogStatsdTransport.UDP, b, offset, length);
    }
  }

  /**
   * Parses {@code count} datagrams stored back to back from the start of {@code b}, the i-th {@code
   * lengths[i]} bytes long, under one acquisition of the lock.
   */
  public void ingest(byte[] b, int[] lengths, int count) {
    synchronized (this) {
      senderPid = 0;
      int offset = 0;
      for (int i = 0; i < count; i++) {
        ingestLocked(DogStatsdTransport.UDP, b, offset, lengths[i]);
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
        senderPid = pids[i];
        ingestLocked(transport, b, offset, lengths[i]);
        offset += lengths[i];
      }
    }
  }

  /** Counts a stream frame refused by the stream socket's reader. */
  synchronized void countFrameError() {
    if (current == null) {
      current = bucketAt(Math.floorDiv(Math.floorDiv(clock.millis(), 1000L), interval) * interval);
    }
    transport = DogStatsdTransport.UDS_STREAM;
    count(DogStatsdStat.FRAME_ERRORS, 1);
  }

  private void ingestLocked(DogStatsdTransport transport, byte[] b, int offset, int length) {
    // The clock is read under the lock: a sample can then never land in a bucket that a
    // concurrent drain has already handed over.
    nowMillis = clock.millis();
    long receiveStart = Math.floorDiv(Math.floorDiv(nowMillis, 1000L), interval) * interval;
    if (current == null || current.start != receiveStart) {
      current = bucketAt(receiveStart);
    }
    this.transport = transport;
    count(DogStatsdStat.PACKETS, 1);
    DogStatsdParser.forEachLine(b, offset, length, onLine);
  }

  @Override
  public List<MergedMetric> drainClosed(double nowEpochSeconds, boolean includeOpen) {
    List<Bucket> drained = new ArrayList<>();
    synchronized (this) {
      for (Iterator<Bucket> it = buckets.iterator(); it.hasNext(); ) {
        Bucket bucket = it.next();
        if (includeOpen || bucket.start + interval <= nowEpochSeconds) {
          it.remove();
          drained.add(bucket);
        }
      }
      if (drained.isEmpty()) {
        return List.of();
      }
      if (drained.contains(current)) {
        current = null;
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
    return new DogStatsdTotals(totals);
  }

  /** Contexts with samples in buckets not drained yet. */
  public synchronized int liveContexts() {
    return contexts.live();
  }

  // ---- receive path (called with the lock held) ----

  private void onLine(byte[] b, int start, int end) {
    switch (DogStatsdParser.parseLine(b, start, end, line)) {
      case METRIC:
        count(DogStatsdStat.METRIC_LINES, 1);
        addMetric(origin == null ? b : withOrigin(b, start, end));
        break;
      case EVENT:
        count(DogStatsdStat.EVENTS, 1);
        Event event = EventFields.event(b, end, line, nowSeconds());
        event = enrichment.event(event, originTags(b));
        if (!events.offer(EventCodec.toRecord(event))) {
          count(DogStatsdStat.DROPPED_EVENTS, 1);
        }
        break;
      case SERVICE_CHECK:
        count(DogStatsdStat.SERVICE_CHECKS, 1);
        ServiceCheck check = EventFields.serviceCheck(b, end, line, nowSeconds());
        check = enrichment.serviceCheck(check, originTags(b));
        if (!serviceChecks.offer(ServiceCheckCodec.toRecord(check))) {
          count(DogStatsdStat.DROPPED_SERVICE_CHECKS, 1);
        }
        break;
      default:
        switch (line.invalidKind) {
          case EVENT:
            count(DogStatsdStat.EVENT_ERRORS, 1);
            break;
          case SERVICE_CHECK:
            count(DogStatsdStat.SERVICE_CHECK_ERRORS, 1);
            break;
          default:
            count(DogStatsdStat.METRIC_ERRORS, 1);
            break;
        }
        badLines.report(b, start, end, line, nowMillis);
        break;
    }
  }

  /** The line with its sender's container tags added (offsets moved), or as it is. */
  private byte[] withOrigin(byte[] b, int start, int end) {
    byte[] tagged = origin.addTags(b, start, end, line, senderPid, nowMillis);
    count(tagged == null ? DogStatsdStat.ORIGIN_UNTAGGED : DogStatsdStat.ORIGIN_TAGGED, 1);
    return tagged == null ? b : tagged;
  }

  /** The container tags of an event's or service check's sender; none without origin detection. */
  private List<String> originTags(byte[] b) {
    return origin == null ? List.of() : origin.tagList(b, line, senderPid, nowMillis);
  }

  private void addMetric(byte[] b) {
    DogStatsdType type = line.type;
    int samples = type == DogStatsdType.SET ? 1 : line.valueCount;
    Bucket target = current;
    long sampleMillis = nowMillis;
    if (line.timestamp != 0) {
      if (!type.acceptsTimestamp()) {
        count(DogStatsdStat.DROPPED_TIMESTAMPED_TYPE, samples);
        return;
      }
      if (line.timestamp > Math.floorDiv(nowMillis, 1000L) + interval) {
        count(DogStatsdStat.DROPPED_FUTURE_TIMESTAMP, samples);
        return;
      }
      long start = Math.floorDiv(line.timestamp, interval) * interval;
      target = start == current.start ? current : bucketAt(start);
      sampleMillis = line.timestamp * 1000L;
    }
    Accumulator accumulator = contexts.accumulator(b, line, target);
    if (accumulator == null) {
      count(DogStatsdStat.DROPPED_MAX_CONTEXTS, samples);
      return;
    }
    int added;
    switch (type) {
      case COUNT:
        added = ((Accumulator.Count) accumulator).addLine(line);
        break;
      case GAUGE:
        added = ((Accumulator.Gauge) accumulator).addLine(line, sampleMillis);
        break;
      case SET:
        added = ((Accumulator.SetOf) accumulator).addLine(b, line, contexts);
        break;
      case DISTRIBUTION:
        added =
            accumulator instanceof Accumulator.Sketch sketch
                ? sketch.addLine(line)
                : ((Accumulator.Histogram) accumulator).addLine(line, contexts);
        break;
      default:
        added = ((Accumulator.Histogram) accumulator).addLine(line, contexts);
        break;
    }
    count(DogStatsdStat.SAMPLES, added);
    if (added < samples) {
      count(DogStatsdStat.DROPPED_MAX_SAMPLES, samples - added);
    }
  }

  private long nowSeconds() {
    return Math.floorDiv(nowMillis, 1000L);
  }

  private Bucket bucketAt(long start) {
    for (Bucket bucket : buckets) {
      if (bucket.start == start) {
        return bucket;
      }
    }
    Bucket bucket = new Bucket(start);
    buckets.add(bucket);
    return bucket;
  }

  private void count(DogStatsdStat stat, long n) {
    int t = transport.ordinal();
    current.stats[t][stat.ordinal()] += n;
    totals[t][stat.ordinal()] += n;
  }
}
