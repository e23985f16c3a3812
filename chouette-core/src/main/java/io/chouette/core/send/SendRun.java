package io.chouette.core.send;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/** The state of one release run, from its tick to its self-metrics; owned by one actor. */
final class SendRun {

  final Instant startedAt;
  final ActorRef<SendReport> replyTo;
  int bulks;

  /** Records queued before the run, or -1 when not measured. */
  long queued = -1;

  long delivered;
  long bytes;
  long expired;
  int truncated;
  final Map<BulkResult.DropReason, Long> dropped = new EnumMap<>(BulkResult.DropReason.class);

  /** The keys of the bulk in progress. */
  List<String> keys = List.of();

  /** Keys of the bulk in progress that had no value. */
  List<String> orphans = List.of();

  BulkResult lastResult;

  /** Datadog's answer that stopped the run, if any. */
  DatadogClient.Response failure;

  SendReport report;

  SendRun(Instant startedAt, ActorRef<SendReport> replyTo) {
    this.startedAt = startedAt;
    this.replyTo = replyTo;
  }

  /** Adds up what became of one bulk. */
  void bulkSent(BulkResult result) {
    lastResult = result;
    delivered += result.deliveredKeys().size();
    bytes += result.bytes();
    truncated += result.truncated();
    for (BulkResult.Dropped drop : result.dropped()) {
      dropped.merge(drop.reason(), 1L, Long::sum);
    }
  }

  long droppedTotal() {
    return dropped.values().stream().mapToLong(Long::longValue).sum();
  }
}
