package io.chouette.core.dogstatsd;

import io.chouette.core.aggregate.ClosedBucketSource;
import io.chouette.core.config.ChouetteConfig;
import io.chouette.core.metric.MergedMetric;
import io.chouette.core.metric.MetricType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DogStatsD samples aggregated in memory per (interval bucket, name, type, sorted tags), until the
 * MetricsAggregator drains the closed buckets on its tick (DESIGN §6). The receiving thread calls
 * {@link #ingest}; the aggregator calls {@link #drainClosed}; both are thread-safe.
 *
 * <p>Buckets are {@code AGGREGATE_INTERVAL} long and aligned to multiples of it. A sample goes to
 * the bucket of its receive time, or of its {@code |T} timestamp (counts and gauges only). Per
 * type, as the Datadog Agent: a count keeps {@code sum(value × 1/rate)}, a gauge the last value, a
 * set its distinct members, a histogram ({@code h}, {@code ms}, {@code d}) every value with the
 * weight {@code 1/rate}. Every sample is stamped with its bucket's start.
 *
 * <p>Memory is bounded: at most {@code DOGSTATSD_MAX_CONTEXTS} contexts have samples in buckets not
 * yet drained, at most {@value #ACCUMULATORS_PER_CONTEXT} × that many (context, bucket) pairs
 * exist, and histogram values plus set members held are at most {@value #SAMPLES_PER_CONTEXT} ×
 * that many. Samples beyond a bound are dropped and counted.
 */
public final class DogStatsdBuckets implements ClosedBucketSource {

  /** Histogram values and set members held, per allowed context. */
  static final int SAMPLES_PER_CONTEXT = 10;

  /** (context, bucket) accumulators, per allowed context. */
  static final int ACCUMULATORS_PER_CONTEXT = 4;

  /** Bad lines are logged on the first occurrence, then at most once per this period. */
  static final Duration BAD_LINE_LOG_PERIOD = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(DogStatsdBuckets.class);
  private static final List<String> SPECIAL_TAG_PREFIXES =
      List.of("dd.internal.entity_id:", "dd.internal.card:", "dd.internal.jmx_check_name:");

  /** Self-metrics ({@code chouette.dogstatsd.*}), counted per bucket and in total. */
  public enum Stat {
    PACKETS("chouette.dogstatsd.packets"),
    METRIC_LINES("chouette.dogstatsd.metric_lines"),
    SAMPLES("chouette.dogstatsd.samples"),
    EVENTS("chouette.dogstatsd.events"),
    SERVICE_CHECKS("chouette.dogstatsd.service_checks"),
    METRIC_ERRORS("chouette.dogstatsd.parse_errors", "message_type:metric"),
    EVENT_ERRORS("chouette.dogstatsd.parse_errors", "message_type:event"),
    SERVICE_CHECK_ERRORS("chouette.dogstatsd.parse_errors", "message_type:service_check"),
    DROPPED_MAX_CONTEXTS("chouette.dogstatsd.dropped_samples", "reason:max_contexts"),
    DROPPED_MAX_SAMPLES("chouette.dogstatsd.dropped_samples", "reason:max_samples"),
    DROPPED_TIMESTAMPED_TYPE("chouette.dogstatsd.dropped_samples", "reason:timestamped_type"),
    DROPPED_FUTURE_TIMESTAMP("chouette.dogstatsd.dropped_samples", "reason:future_timestamp");

    private final String metric;
    private final List<String> tags;

    Stat(String metric, String... tags) {
      this.metric = metric;
      this.tags = List.of(tags);
    }

    public String metric() {
      return metric;
    }

    public List<String> tags() {
      return tags;
    }
  }

  /**
   * Counts since startup.
   *
   * @param counts one per {@link Stat}, by ordinal
   */
  public record Totals(long[] counts) {
    public Totals {
      counts = counts.clone();
    }

    public long get(Stat stat) {
      return counts[stat.ordinal()];
    }

    public long packets() {
      return get(Stat.PACKETS);
    }

    public long metricLines() {
      return get(Stat.METRIC_LINES);
    }

    /** Values aggregated (a packed line of 3 values is 3 samples). */
    public long samples() {
      return get(Stat.SAMPLES);
    }

    public long events() {
      return get(Stat.EVENTS);
    }

    public long serviceChecks() {
      return get(Stat.SERVICE_CHECKS);
    }

    public long parseErrors() {
      return get(Stat.METRIC_ERRORS) + get(Stat.EVENT_ERRORS) + get(Stat.SERVICE_CHECK_ERRORS);
    }

    public long droppedSamples() {
      return get(Stat.DROPPED_MAX_CONTEXTS)
          + get(Stat.DROPPED_MAX_SAMPLES)
          + get(Stat.DROPPED_TIMESTAMPED_TYPE)
          + get(Stat.DROPPED_FUTURE_TIMESTAMP);
    }

    @Override
    public String toString() {
      return packets()
          + " packets, "
          + metricLines()
          + " metric lines, "
          + samples()
          + " samples aggregated, "
          + events()
          + " events, "
          + serviceChecks()
          + " service checks, "
          + parseErrors()
          + " parse errors, "
          + droppedSamples()
          + " samples dropped";
    }
  }

  /** One interval: its accumulators and its self-metric counts. */
  static final class Bucket {
    final long start;
    final Map<ContextTable.Context, Accumulator> accumulators = new HashMap<>();
    final long[] stats = new long[Stat.values().length];

    Bucket(long start) {
      this.start = start;
    }
  }

  private final long interval;
  private final int maxContexts;
  private final int maxAccumulators;
  private final long maxSamples;
  private final boolean selfMetrics;
  private final Clock clock;

  // Everything below is guarded by "this".
  private final List<Bucket> buckets = new ArrayList<>();
  private final Map<ContextTable.Key, ContextTable.Context> contexts = new HashMap<>();
  private final ContextTable spellings;
  private final ParsedLine line = new ParsedLine();
  private final DogStatsdParser.LineConsumer onLine = this::onLine;
  private final long[] totals = new long[Stat.values().length];
  private Bucket current;
  private int liveContexts;
  private int liveAccumulators;
  private long heldSamples;
  private long nowMillis;
  private long badLinesNotLogged;
  private long badLinesLoggedAt;
  private boolean badLineLogged;

  /**
   * @param interval the bucket length ({@code AGGREGATE_INTERVAL}), whole seconds
   * @param maxContexts {@code DOGSTATSD_MAX_CONTEXTS}
   * @param selfMetrics whether drained buckets include {@code chouette.dogstatsd.*} counts
   * @param clock the receive time
   */
  public DogStatsdBuckets(Duration interval, int maxContexts, boolean selfMetrics, Clock clock) {
    if (interval.toSeconds() < 1 || maxContexts < 1) {
      throw new IllegalArgumentException("interval and maxContexts must be positive");
    }
    this.interval = interval.toSeconds();
    this.maxContexts = maxContexts;
    this.maxAccumulators =
        (int) Math.min(Integer.MAX_VALUE, (long) maxContexts * ACCUMULATORS_PER_CONTEXT);
    this.maxSamples = (long) maxContexts * SAMPLES_PER_CONTEXT;
    this.selfMetrics = selfMetrics;
    this.clock = clock;
    this.spellings = new ContextTable(maxAccumulators);
  }

  /** The buckets for Chouette's configuration. */
  public static DogStatsdBuckets create(ChouetteConfig config, Clock clock) {
    return new DogStatsdBuckets(
        config.aggregator().interval(),
        config.dogStatsd().maxContexts(),
        config.sender().sendSelfMetrics(),
        clock);
  }

  /** Parses one datagram {@code b[offset, offset + length)} and aggregates its samples. */
  public void ingest(byte[] b, int offset, int length) {
    synchronized (this) {
      ingestLocked(b, offset, length);
    }
  }

  /**
   * Parses {@code count} datagrams stored back to back from the start of {@code b}, the i-th
   * {@code lengths[i]} bytes long, under one acquisition of the lock.
   */
  public void ingest(byte[] b, int[] lengths, int count) {
    synchronized (this) {
      int offset = 0;
      for (int i = 0; i < count; i++) {
        ingestLocked(b, offset, lengths[i]);
        offset += lengths[i];
      }
    }
  }

  private void ingestLocked(byte[] b, int offset, int length) {
    // The clock is read under the lock: a sample can then never land in a bucket that a
    // concurrent drain has already handed over.
    nowMillis = clock.millis();
    long receiveStart = Math.floorDiv(Math.floorDiv(nowMillis, 1000L), interval) * interval;
    if (current == null || current.start != receiveStart) {
      current = bucketAt(receiveStart);
    }
    count(Stat.PACKETS, 1);
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
    // The drained buckets are unreachable from the receiving side now: no lock needed.
    drained.sort(Comparator.comparingLong(bucket -> bucket.start));
    List<MergedMetric> metrics = new ArrayList<>();
    for (Bucket bucket : drained) {
      double start = bucket.start;
      for (Accumulator accumulator : bucket.accumulators.values()) {
        metrics.add(accumulator.toMerged(start));
      }
      if (selfMetrics) {
        for (Stat stat : Stat.values()) {
          long value = bucket.stats[stat.ordinal()];
          if (value > 0) {
            metrics.add(
                new MergedMetric(
                    stat.metric(),
                    MetricType.COUNT,
                    stat.tags(),
                    List.of((double) value),
                    List.of(),
                    List.of(start)));
          }
        }
      }
    }
    return metrics;
  }

  /** Counts since startup. */
  public synchronized Totals totals() {
    return new Totals(totals);
  }

  /** Contexts with samples in buckets not drained yet. */
  public synchronized int liveContexts() {
    return liveContexts;
  }

  // ---- receive path (called with the lock held) ----

  private void onLine(byte[] b, int start, int end) {
    switch (DogStatsdParser.parseLine(b, start, end, line)) {
      case METRIC:
        count(Stat.METRIC_LINES, 1);
        addMetric(b);
        break;
      case EVENT:
        count(Stat.EVENTS, 1);
        break;
      case SERVICE_CHECK:
        count(Stat.SERVICE_CHECKS, 1);
        break;
      default:
        switch (line.invalidKind) {
          case EVENT:
            count(Stat.EVENT_ERRORS, 1);
            break;
          case SERVICE_CHECK:
            count(Stat.SERVICE_CHECK_ERRORS, 1);
            break;
          default:
            count(Stat.METRIC_ERRORS, 1);
            break;
        }
        reportBadLine(b, start, end);
        break;
    }
  }

  private void addMetric(byte[] b) {
    DogStatsdType type = line.type;
    int samples = type == DogStatsdType.SET ? 1 : line.valueCount;
    Bucket target = current;
    long sampleMillis = nowMillis;
    if (line.timestamp != 0) {
      if (!type.acceptsTimestamp()) {
        count(Stat.DROPPED_TIMESTAMPED_TYPE, samples);
        return;
      }
      if (line.timestamp > Math.floorDiv(nowMillis, 1000L) + interval) {
        count(Stat.DROPPED_FUTURE_TIMESTAMP, samples);
        return;
      }
      long start = Math.floorDiv(line.timestamp, interval) * interval;
      target = start == current.start ? current : bucketAt(start);
      sampleMillis = line.timestamp * 1000L;
    }
    Accumulator accumulator = accumulator(b, target);
    if (accumulator == null) {
      count(Stat.DROPPED_MAX_CONTEXTS, samples);
      return;
    }
    int added;
    switch (type) {
      case COUNT:
        added = addCount((Accumulator.Count) accumulator);
        break;
      case GAUGE:
        added = addGauge((Accumulator.Gauge) accumulator, sampleMillis);
        break;
      case SET:
        added = addSetMember((Accumulator.SetOf) accumulator, b);
        break;
      default:
        added = addHistogram((Accumulator.Histogram) accumulator);
        break;
    }
    count(Stat.SAMPLES, added);
    if (added < samples) {
      count(Stat.DROPPED_MAX_SAMPLES, samples - added);
    }
  }

  private int addCount(Accumulator.Count count) {
    // counter.go: value * (1 / rate). A timestamped count is sent as is by the Agent, without
    // its rate (no_aggregation_stream_worker.go).
    double factor = line.timestamp != 0 ? 1.0 : 1 / line.sampleRate;
    double[] values = line.values;
    for (int i = 0; i < line.valueCount; i++) {
      count.sum += values[i] * factor;
    }
    return line.valueCount;
  }

  private int addGauge(Accumulator.Gauge gauge, long sampleMillis) {
    double[] values = line.values;
    for (int i = 0; i < line.valueCount; i++) {
      gauge.add(values[i], sampleMillis);
    }
    return line.valueCount;
  }

  private int addHistogram(Accumulator.Histogram histogram) {
    double weight = 1 / line.sampleRate;
    double[] values = line.values;
    int added = 0;
    for (int i = 0; i < line.valueCount && heldSamples < maxSamples; i++) {
      histogram.add(values[i], weight);
      heldSamples++;
      added++;
    }
    return added;
  }

  private int addSetMember(Accumulator.SetOf set, byte[] b) {
    String member = DogStatsdParser.utf8(b, line.valueStart, line.valueEnd);
    if (set.members.contains(member)) {
      return 1;
    }
    if (heldSamples >= maxSamples) {
      return 0;
    }
    set.members.add(member);
    heldSamples++;
    return 1;
  }

  /** The accumulator of this line's context in {@code target}; null when a bound forbids it. */
  private Accumulator accumulator(byte[] b, Bucket target) {
    ContextTable.Context context = context(b);
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
      accumulator = Accumulator.create(context, target);
      target.accumulators.put(context, accumulator);
      if (context.liveAccumulators++ == 0) {
        liveContexts++;
      }
      liveAccumulators++;
    }
    context.current = accumulator;
    return accumulator;
  }

  private ContextTable.Context context(byte[] b) {
    ParsedLine l = line;
    int typeOrdinal = l.type.ordinal();
    int hash = ContextTable.hash(b, l.nameStart, l.nameEnd, typeOrdinal, l.tagsStart, l.tagsEnd);
    ContextTable.Context context =
        spellings.find(b, l.nameStart, l.nameEnd, typeOrdinal, l.tagsStart, l.tagsEnd, hash);
    if (context != null) {
      return context;
    }
    ContextTable.Key key =
        new ContextTable.Key(
            DogStatsdParser.utf8(b, l.nameStart, l.nameEnd),
            l.type.metricType(),
            canonicalTags(b, l.tagsStart, l.tagsEnd));
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

  /**
   * Sorted unique tags without empty ones (Chouette's decision) and without the Agent's origin
   * hints {@code dd.internal.entity_id:}, {@code dd.internal.card:}, {@code
   * dd.internal.jmx_check_name:} (enrich.go extractTagsMetadata). {@code host:} stays a tag.
   */
  static List<String> canonicalTags(byte[] b, int start, int end) {
    if (start == end) {
      return List.of();
    }
    TreeSet<String> tags = new TreeSet<>();
    for (String tag : DogStatsdParser.splitTags(b, start, end)) {
      if (!isSpecialTag(tag)) {
        tags.add(tag);
      }
    }
    return List.copyOf(tags);
  }

  private static boolean isSpecialTag(String tag) {
    if (!tag.startsWith("dd.internal.")) {
      return false;
    }
    for (String prefix : SPECIAL_TAG_PREFIXES) {
      if (tag.startsWith(prefix)) {
        return true;
      }
    }
    return false;
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

  private void count(Stat stat, long n) {
    current.stats[stat.ordinal()] += n;
    totals[stat.ordinal()] += n;
  }

  /** Logs the first bad line, then at most one line per period with the number not logged. */
  private void reportBadLine(byte[] b, int start, int end) {
    badLinesNotLogged++;
    if (badLineLogged && nowMillis - badLinesLoggedAt < BAD_LINE_LOG_PERIOD.toMillis()) {
      return;
    }
    log.warn(
        "dropped {} malformed DogStatsD line(s) since the last report; latest: {} ({}): \"{}\"",
        badLinesNotLogged,
        line.invalidKind.name().toLowerCase(java.util.Locale.ROOT),
        line.problem.description(),
        printable(b, start, end));
    badLinesNotLogged = 0;
    badLinesLoggedAt = nowMillis;
    badLineLogged = true;
  }

  /** At most 200 bytes of the line, control bytes escaped, invalid UTF-8 replaced. */
  static String printable(byte[] b, int start, int end) {
    int limit = Math.min(end, start + 200);
    String text = new String(b, start, limit - start, StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (limit < end) {
      out.append("...");
    }
    return out.toString();
  }
}
