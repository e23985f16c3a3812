package io.chouette.core.storage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings an engine back within a record bound through its own {@link StorageEngine} methods: in
 * rounds of at most {@value #ROUND} records, it takes the oldest keys of every bounded queue,
 * merges them by timestamp and deletes the oldest of the merge. Memory stays small whatever the
 * excess. For engines whose methods lock each queue on their own (the memory engine); a record
 * written meanwhile is newer than any dropped one, so the order holds.
 */
public final class OldestFirstTrim {

  static final int ROUND = 2_000;

  private OldestFirstTrim() {}

  /** Drops the oldest records of {@code queues} until they hold {@code maxRecords} at most. */
  public static Map<Queue, Long> trim(StorageEngine engine, List<Queue> queues, long maxRecords) {
    Map<Queue, Long> dropped = new LinkedHashMap<>();
    while (true) {
      long total = 0;
      for (Queue queue : queues) {
        total += engine.queueSize(queue);
      }
      long excess = total - maxRecords;
      if (excess <= 0) {
        return dropped;
      }
      int round = (int) Math.min(excess, ROUND);
      List<Candidate> candidates = new ArrayList<>();
      for (Queue queue : queues) {
        for (StoredKey key : engine.collectKeys(queue, round)) {
          candidates.add(new Candidate(queue, key));
        }
      }
      candidates.sort(Candidate.OLDEST_FIRST);
      Map<Queue, List<String>> doomed = new LinkedHashMap<>();
      for (Candidate candidate : candidates.subList(0, Math.min(round, candidates.size()))) {
        doomed
            .computeIfAbsent(candidate.queue(), q -> new ArrayList<>())
            .add(candidate.key().key());
      }
      long removedThisRound = 0;
      for (Map.Entry<Queue, List<String>> entry : doomed.entrySet()) {
        long removed = engine.deleteRecords(entry.getKey(), entry.getValue());
        if (removed > 0) {
          dropped.merge(entry.getKey(), removed, Long::sum);
          removedThisRound += removed;
        }
      }
      if (removedThisRound == 0) {
        return dropped; // nothing left to take: the sizes were stale
      }
    }
  }

  private record Candidate(Queue queue, StoredKey key) {
    static final Comparator<Candidate> OLDEST_FIRST =
        Comparator.comparingDouble((Candidate c) -> c.key().timestamp())
            .thenComparing(c -> c.key().key());
  }
}
