package io.chouette.core.dogstatsd;

import io.chouette.core.event.Event;
import io.chouette.core.event.EventCodec;
import io.chouette.core.event.ServiceCheck;
import io.chouette.core.event.ServiceCheckCodec;
import java.util.List;

/**
 * The receive path of {@link DogStatsdBuckets}: parses each line of a datagram, adds a metric
 * line's samples to its context's accumulator in the right bucket (with its sender's container tags
 * when origin detection is on), turns events and service checks into pending records, and counts
 * everything. Not thread-safe: guarded by the buckets' lock.
 */
final class LineAggregator {

  private final BucketTimeline timeline;
  private final LiveContexts contexts;
  private final DogStatsdEnrichment enrichment;
  private final PendingRecords events;
  private final PendingRecords serviceChecks;
  private final BadLineLog badLines = new BadLineLog();
  private final ParsedLine line = new ParsedLine();
  private final DogStatsdParser.LineConsumer onLine = this::onLine;
  private OriginLines origin; // null: origin detection off
  private int senderPid; // of the datagram being parsed, 0 when unknown
  private long nowMillis;

  LineAggregator(
      BucketTimeline timeline,
      LiveContexts contexts,
      DogStatsdEnrichment enrichment,
      PendingRecords events,
      PendingRecords serviceChecks) {
    this.timeline = timeline;
    this.contexts = contexts;
    this.enrichment = enrichment;
    this.events = events;
    this.serviceChecks = serviceChecks;
  }

  void detectOrigin(OriginLines origin) {
    this.origin = origin;
  }

  /**
   * Aggregates the datagram {@code b[offset, offset + length)} received at {@code receivedMillis}
   * over {@code transport} from process {@code pid} (0 when unknown).
   */
  void datagram(
      DogStatsdTransport transport,
      int pid,
      long receivedMillis,
      byte[] b,
      int offset,
      int length) {
    nowMillis = receivedMillis;
    senderPid = pid;
    timeline.receiveAt(receivedMillis, transport);
    timeline.count(DogStatsdStat.PACKETS, 1);
    if (origin != null) {
      origin.newDatagram();
    }
    DogStatsdParser.forEachLine(b, offset, length, onLine);
  }

  private void onLine(byte[] b, int start, int end) {
    switch (DogStatsdParser.parseLine(b, start, end, line)) {
      case METRIC:
        timeline.count(DogStatsdStat.METRIC_LINES, 1);
        addMetric(origin == null ? b : withOrigin(b, start, end));
        break;
      case EVENT:
        timeline.count(DogStatsdStat.EVENTS, 1);
        Event event = EventFields.event(b, end, line, nowSeconds());
        event = enrichment.event(event, originTags(b));
        if (!events.offer(EventCodec.toRecord(event))) {
          timeline.count(DogStatsdStat.DROPPED_EVENTS, 1);
        }
        break;
      case SERVICE_CHECK:
        timeline.count(DogStatsdStat.SERVICE_CHECKS, 1);
        ServiceCheck check = EventFields.serviceCheck(b, end, line, nowSeconds());
        check = enrichment.serviceCheck(check, originTags(b));
        if (!serviceChecks.offer(ServiceCheckCodec.toRecord(check))) {
          timeline.count(DogStatsdStat.DROPPED_SERVICE_CHECKS, 1);
        }
        break;
      default:
        timeline.count(invalidStat(line.invalidKind), 1);
        badLines.report(b, start, end, line, nowMillis);
        break;
    }
  }

  private static DogStatsdStat invalidStat(ParsedLine.Kind kind) {
    switch (kind) {
      case EVENT:
        return DogStatsdStat.EVENT_ERRORS;
      case SERVICE_CHECK:
        return DogStatsdStat.SERVICE_CHECK_ERRORS;
      default:
        return DogStatsdStat.METRIC_ERRORS;
    }
  }

  /** The line with its sender's container tags added (offsets moved), or as it is. */
  private byte[] withOrigin(byte[] b, int start, int end) {
    byte[] tagged = origin.addTags(b, start, end, line, senderPid, nowMillis);
    timeline.count(tagged == null ? DogStatsdStat.ORIGIN_UNTAGGED : DogStatsdStat.ORIGIN_TAGGED, 1);
    return tagged == null ? b : tagged;
  }

  /** The container tags of an event's or service check's sender; none without origin detection. */
  private List<String> originTags(byte[] b) {
    return origin == null ? List.of() : origin.tagList(b, line, senderPid, nowMillis);
  }

  private void addMetric(byte[] b) {
    DogStatsdType type = line.type;
    int samples = type == DogStatsdType.SET ? 1 : line.valueCount;
    Bucket target = timeline.current();
    long sampleMillis = nowMillis;
    if (line.timestamp != 0) {
      if (!type.acceptsTimestamp()) {
        timeline.count(DogStatsdStat.DROPPED_TIMESTAMPED_TYPE, samples);
        return;
      }
      long interval = timeline.interval();
      if (line.timestamp > nowSeconds() + interval) {
        timeline.count(DogStatsdStat.DROPPED_FUTURE_TIMESTAMP, samples);
        return;
      }
      long start = Math.floorDiv(line.timestamp, interval) * interval;
      target = start == target.start ? target : timeline.at(start);
      sampleMillis = line.timestamp * 1000L;
    }
    Accumulator accumulator = contexts.accumulator(b, line, target);
    if (accumulator == null) {
      timeline.count(DogStatsdStat.DROPPED_MAX_CONTEXTS, samples);
      return;
    }
    int added = add(accumulator, b, sampleMillis);
    timeline.count(DogStatsdStat.SAMPLES, added);
    if (added < samples) {
      timeline.count(DogStatsdStat.DROPPED_MAX_SAMPLES, samples - added);
    }
  }

  /** Adds the line's values to {@code accumulator}; how many it took. */
  private int add(Accumulator accumulator, byte[] b, long sampleMillis) {
    switch (line.type) {
      case COUNT:
        return ((Accumulator.Count) accumulator).addLine(line);
      case GAUGE:
        return ((Accumulator.Gauge) accumulator).addLine(line, sampleMillis);
      case SET:
        return ((Accumulator.SetOf) accumulator).addLine(b, line, contexts);
      case DISTRIBUTION:
        return accumulator instanceof Accumulator.Sketch sketch
            ? sketch.addLine(line)
            : ((Accumulator.Histogram) accumulator).addLine(line, contexts);
      default:
        return ((Accumulator.Histogram) accumulator).addLine(line, contexts);
    }
  }

  private long nowSeconds() {
    return Math.floorDiv(nowMillis, 1000L);
  }
}
