package io.chouette.core.send;

import io.chouette.core.storage.StoredRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;

/** The state of one release run, from its tick to its self-metrics; owned by one actor. */
final class SendRun {

  final Instant startedAt;
  final ActorRef<SendReport> replyTo;
  int bulks;

  /** Records queued before the run, or -1 when not measured. */
  long queued = -1;

  /** Age in seconds of the oldest queued record when the run began, or -1 when not measured. */
  double backlogSeconds = -1;

  long delivered;

  /** Delivered metric points older than Datadog's ingestion window. */
  long deliveredHistorical;

  long bytes;
  long expired;

  /**
   * Metric points dropped as older than the ingestion window ({@code DATADOG_HISTORICAL_METRICS}).
   */
  long outsideWindow;

  int truncated;
  final Map<BulkResult.DropReason, Long> dropped = new EnumMap<>(BulkResult.DropReason.class);

  /** Which keys go next. */
  final KeySelection selection;

  /** The bulk in progress. */
  KeySelection.Bulk bulk;

  /** The keys of the bulk in progress. */
  List<String> keys = List.of();

  /** The next bulk, being read before the bulk just sent is deleted; null otherwise. */
  ReadAhead ahead;

  /** The bulk just sent is being deleted while the next one is parsed ({@link ReadAhead}). */
  boolean deletePending;

  /** The parsed bulk, waiting for {@link #deletePending} to clear; null otherwise. */
  Supplier<BulkResult> prepared;

  /** Parsing the bulk failed unexpectedly; null otherwise. */
  Throwable prepareError;

  /** Keys of the bulk in progress that had no value. */
  List<String> orphans = List.of();

  BulkResult lastResult;

  /** Datadog's answer that stopped the run, if any. */
  DatadogClient.Response failure;

  SendReport report;

  /** Delivered and dropped records already shown in the sender's status while the run went on. */
  private long statusDelivered;

  private long statusDropped;

  SendRun(Instant startedAt, ActorRef<SendReport> replyTo, KeySelection selection) {
    this.startedAt = startedAt;
    this.replyTo = replyTo;
    this.selection = selection;
  }

  /** Adds up what became of one bulk. */
  void bulkSent(BulkResult result) {
    lastResult = result;
    delivered += result.deliveredKeys().size();
    if (bulk != null && bulk.historical()) {
      deliveredHistorical += result.deliveredKeys().size();
    }
    bytes += result.bytes();
    truncated += result.truncated();
    for (BulkResult.Dropped drop : result.dropped()) {
      dropped.merge(drop.reason(), 1L, Long::sum);
    }
  }

  /**
   * Notes which keys of the bulk had no value: such a key (a writer that died half-way) would
   * otherwise stay at the head of the queue until its TTL.
   */
  void valuesCollected(List<StoredRecord> records) {
    Set<String> found = new HashSet<>();
    records.forEach(r -> found.add(r.key()));
    orphans = keys.stream().filter(k -> !found.contains(k)).toList();
  }

  /** The keys to delete after a bulk: the settled ones (delivered or dropped) and the orphans. */
  List<String> keysToDelete(BulkResult result) {
    List<String> toDelete = new ArrayList<>(result.settledKeys());
    toDelete.addAll(orphans);
    return toDelete;
  }

  /** Whether the drain goes on with the next bulk in this run, within {@code maxBulksPerTick}. */
  boolean takesNextBulk(int maxBulksPerTick) {
    boolean capped = maxBulksPerTick > 0 && bulks >= maxBulksPerTick;
    return bulk.more() && !capped;
  }

  /** Shows the bulks settled so far in {@code status} while the run goes on (a drain). */
  void reportProgress(SenderStatus status, Instant at) {
    status.recordBulk(at, delivered - statusDelivered, droppedTotal() - statusDropped);
    statusDelivered = delivered;
    statusDropped = droppedTotal();
  }

  /** Records the run's end in {@code status}, with what {@link #reportProgress} has not shown. */
  void reportEnd(SenderStatus status, Instant at, SendOutcome outcome, String detail) {
    status.recordRun(
        at, outcome, delivered - statusDelivered, droppedTotal() - statusDropped, detail);
  }

  long droppedTotal() {
    return dropped.values().stream().mapToLong(Long::longValue).sum();
  }
}
