package io.chouette.core.dogstatsd;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The events and service checks the receiver parsed, on their way to the store: which of them a
 * store request is carrying, and what the store's answer means for them. The server actor owns one
 * and makes the requests. Records leave memory only once the store has taken them.
 */
final class PendingHandOver {

  /**
   * A store request to make: {@code records}, the oldest of their pending list, into {@code queue}.
   */
  record Request(Queue queue, List<NewRecord> records) {}

  private final Map<Queue, PendingRecords> pending;

  /** Records being stored, per queue: they are the oldest of their pending list. */
  private final Map<Queue, Integer> storing = new HashMap<>();

  /** Queues whose last store failed: the next failures are logged at DEBUG only. */
  private final Set<Queue> failing = new HashSet<>();

  private final Logger log;

  PendingHandOver(DogStatsdBuckets buckets, Logger log) {
    this.pending =
        Map.of(
            Queue.WRAPPED_EVENTS, buckets.pendingEvents(),
            Queue.WRAPPED_SERVICE_CHECKS, buckets.pendingServiceChecks());
    this.log = log;
  }

  /**
   * The records to store now, marked as being stored. While {@code listening}, one request per
   * queue at a time; the shutdown flush asks for the rest too.
   */
  List<Request> due(boolean listening) {
    List<Request> requests = new ArrayList<>();
    for (Queue queue : List.of(Queue.WRAPPED_EVENTS, Queue.WRAPPED_SERVICE_CHECKS)) {
      List<NewRecord> waiting = pending.get(queue).peekAll();
      int inFlight = storing.getOrDefault(queue, 0);
      if (waiting.size() <= inFlight || (inFlight > 0 && listening)) {
        continue;
      }
      List<NewRecord> records = waiting.subList(inFlight, waiting.size());
      storing.put(queue, inFlight + records.size());
      requests.add(new Request(queue, records));
    }
    return requests;
  }

  /**
   * The store answered a request of {@code count} records: taken ({@code stored}), or not, with
   * {@code reason}; then they wait for the next attempt.
   */
  void answered(Queue queue, int count, boolean stored, String reason) {
    storing.merge(queue, -count, Integer::sum);
    storing.remove(queue, 0);
    if (stored) {
      pending.get(queue).removeOldest(count);
      failing.remove(queue);
    } else if (failing.add(queue)) {
      log.warn(
          "DogStatsD: {} {} not stored yet, kept in memory for the next attempt: {}",
          count,
          queue.dataType(),
          reason);
    } else {
      log.debug("DogStatsD: {} still not stored: {}", queue.dataType(), reason);
    }
  }
}
