package io.chouette.core.storage.memory;

import java.util.List;

/**
 * Consecutive records of one memory-engine queue, by insertion index (sequence number = {@link
 * #firstSequence()} + index) and by position (oldest first: timestamp, then index). Records are
 * only ever removed from a block, never changed.
 */
interface RecordBlock {

  /** The sequence number of the block's first record. */
  long firstSequence();

  /** How many records were added to the block, removed ones included. */
  int count();

  /** How many of them are still there. */
  int aliveCount();

  /** The first position at or after {@code position} whose record is still there, or -1. */
  int nextAlive(int position);

  double timestampAt(int position);

  /** The insertion index of the record at {@code position}. */
  int indexAt(int position);

  /** The position of the record with insertion {@code index}; -1 if it is gone. */
  int alivePositionOf(int index);

  /** Removes the record at {@code position}; false when it was already gone. */
  boolean removeAt(int position);

  /** The JSON texts at {@code positions} (records that are still there), in that order. */
  List<String> textsAt(int[] positions);
}
