package io.chouette.core.send;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What became of one bulk of records.
 *
 * @param deliveredKeys keys of the records Datadog accepted
 * @param dropped records that will never be sent (invalid, rejected by Datadog, too large), each
 *     with one line saying why
 * @param truncated logs cut down to Datadog's single-log limit (and delivered or kept)
 * @param bytes compressed bytes of the accepted requests
 * @param postedBytes bytes of every request made, accepted or not (the link's budget)
 * @param requests HTTP requests made
 * @param failure the answer that stopped the bulk (403, 404, 5xx, timeout…): the records neither
 *     delivered nor dropped stay queued; empty when every record was settled
 */
record BulkResult(
    List<String> deliveredKeys,
    List<Dropped> dropped,
    int truncated,
    long bytes,
    long postedBytes,
    int requests,
    Optional<DatadogClient.Response> failure) {

  /** Why a record is dropped. */
  enum DropReason {
    /** Not a record this sender can read (bad JSON, missing fields). */
    INVALID,
    /** Datadog answered 400 or 413 to this record alone. */
    REJECTED,
    /** Alone, it is over Datadog's payload limit. */
    OVERSIZED
  }

  /** A dropped record: its key, why, and a short description for the log. */
  record Dropped(String key, DropReason reason, String detail) {}

  BulkResult {
    deliveredKeys = List.copyOf(deliveredKeys);
    dropped = List.copyOf(dropped);
  }

  /** Keys to delete from the queue: delivered and dropped ones. */
  List<String> settledKeys() {
    List<String> keys = new ArrayList<>(deliveredKeys.size() + dropped.size());
    keys.addAll(deliveredKeys);
    dropped.forEach(d -> keys.add(d.key()));
    return keys;
  }

  /** Whether every record was delivered or dropped. */
  boolean complete() {
    return failure.isEmpty();
  }

  long droppedCount(DropReason reason) {
    return dropped.stream().filter(d -> d.reason() == reason).count();
  }
}
