package io.chouette.core.storage.memory;

import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.StoredKey;
import io.chouette.core.storage.StoredRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * One queue of the memory engine. Records go into an {@link OpenBlock}; every {@link
 * OpenBlock#CAPACITY} records it is frozen into a {@link DeflatedBlock}, so a raw metric costs a
 * fraction of its JSON text plus its timestamp. Keys are made from sequence numbers ({@link
 * SequentialKeys}); a block is dropped once all its records are gone. Not thread-safe: the engine
 * locks each queue.
 */
final class CompactQueue {
  private final SequentialKeys keys = new SequentialKeys();
  private final List<DeflatedBlock> deflated = new ArrayList<>(); // oldest sequence first
  private OpenBlock open = new OpenBlock(0);
  private long size;

  List<String> store(List<NewRecord> records) {
    List<String> stored = new ArrayList<>(records.size());
    for (NewRecord record : records) {
      stored.add(keys.key(open.add(record.timestamp(), record.json())));
      size++;
      if (open.isFull()) {
        freezeOpenBlock();
      }
    }
    return stored;
  }

  /** The oldest {@code amount} keys (0 = all): a merge of the blocks, each sorted already. */
  List<StoredKey> oldest(int amount) {
    return oldestSince(Double.NEGATIVE_INFINITY, amount);
  }

  /**
   * The oldest {@code amount} keys (0 = all) stamped at or after {@code since}: the same merge,
   * each block entered at its first record not older than {@code since}.
   */
  List<StoredKey> oldestSince(double since, int amount) {
    int wanted = amount <= 0 || amount > size ? (int) size : amount;
    List<StoredKey> oldest = new ArrayList<>(Math.min(wanted, 1024));
    PriorityQueue<Cursor> heads = new PriorityQueue<>();
    for (RecordBlock block : blocks()) {
      int first = block.nextAlive(0);
      while (first >= 0 && block.timestampAt(first) < since) {
        first = block.nextAlive(first + 1);
      }
      if (first >= 0) {
        heads.add(new Cursor(block, first));
      }
    }
    while (oldest.size() < wanted && !heads.isEmpty()) {
      Cursor head = heads.poll();
      oldest.add(new StoredKey(keys.key(head.sequence()), head.timestamp()));
      if (head.advance()) {
        heads.add(head);
      }
    }
    return oldest;
  }

  /** The records for {@code wantedKeys}, in that order; each block is inflated once at most. */
  List<StoredRecord> values(Collection<String> wantedKeys) {
    List<String> keyList = List.copyOf(wantedKeys);
    String[] texts = new String[keyList.size()];
    Map<RecordBlock, Wanted> byBlock = new IdentityHashMap<>();
    for (int slot = 0; slot < keyList.size(); slot++) {
      Location location = locate(keyList.get(slot));
      if (location != null) {
        byBlock
            .computeIfAbsent(location.block(), block -> new Wanted())
            .add(slot, location.position());
      }
    }
    byBlock.forEach((block, wanted) -> wanted.fill(block, texts));
    List<StoredRecord> records = new ArrayList<>(keyList.size());
    for (int slot = 0; slot < texts.length; slot++) {
      if (texts[slot] != null) {
        records.add(new StoredRecord(keyList.get(slot), texts[slot]));
      }
    }
    return records;
  }

  long delete(Collection<String> doomedKeys) {
    long removed = 0;
    for (String key : doomedKeys) {
      Location location = locate(key);
      if (location != null && location.block().removeAt(location.position())) {
        removed++;
      }
    }
    size -= removed;
    dropEmptyBlocks();
    return removed;
  }

  /** Removes the records older than {@code threshold} (unix seconds). */
  long removeOlderThan(double threshold) {
    long removed = 0;
    for (RecordBlock block : blocks()) {
      int position = block.nextAlive(0);
      while (position >= 0 && block.timestampAt(position) < threshold) {
        block.removeAt(position);
        removed++;
        position = block.nextAlive(position + 1);
      }
    }
    size -= removed;
    dropEmptyBlocks();
    return removed;
  }

  long size() {
    return size;
  }

  /** Heap taken by deflated texts, for tests and benchmarks. */
  long deflatedBytes() {
    return deflated.stream().mapToLong(DeflatedBlock::deflatedBytes).sum();
  }

  private void freezeOpenBlock() {
    if (open.aliveCount() > 0) {
      deflated.add(DeflatedBlock.of(open));
    }
    open = new OpenBlock(open.firstSequence() + open.count());
  }

  private void dropEmptyBlocks() {
    deflated.removeIf(block -> block.aliveCount() == 0);
  }

  private List<RecordBlock> blocks() {
    List<RecordBlock> blocks = new ArrayList<>(deflated.size() + 1);
    blocks.addAll(deflated);
    blocks.add(open);
    return blocks;
  }

  /** Where the record of {@code key} is, or null if it is not (or no longer) in this queue. */
  private Location locate(String key) {
    long sequence = keys.sequenceOf(key);
    if (sequence < 0) {
      return null;
    }
    RecordBlock block = sequence >= open.firstSequence() ? open : deflatedBlockOf(sequence);
    if (block == null) {
      return null;
    }
    int position = block.alivePositionOf((int) (sequence - block.firstSequence()));
    return position < 0 ? null : new Location(block, position);
  }

  private DeflatedBlock deflatedBlockOf(long sequence) {
    int low = 0;
    int high = deflated.size() - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      DeflatedBlock block = deflated.get(middle);
      if (sequence < block.firstSequence()) {
        high = middle - 1;
      } else if (sequence >= block.firstSequence() + block.count()) {
        low = middle + 1;
      } else {
        return block;
      }
    }
    return null;
  }

  private record Location(RecordBlock block, int position) {}

  /** The slots of the answer that one block fills, and the positions they come from. */
  private static final class Wanted {
    private final List<Integer> slots = new ArrayList<>();
    private final List<Integer> positions = new ArrayList<>();

    void add(int slot, int position) {
      slots.add(slot);
      positions.add(position);
    }

    void fill(RecordBlock block, String[] texts) {
      List<String> found = block.textsAt(positions.stream().mapToInt(Integer::intValue).toArray());
      for (int i = 0; i < found.size(); i++) {
        texts[slots.get(i)] = found.get(i);
      }
    }
  }

  /** A block's next record in the merge of {@link #oldest}: by timestamp, then sequence (= key). */
  private static final class Cursor implements Comparable<Cursor> {
    private final RecordBlock block;
    private int position;

    Cursor(RecordBlock block, int position) {
      this.block = block;
      this.position = position;
    }

    double timestamp() {
      return block.timestampAt(position);
    }

    long sequence() {
      return block.firstSequence() + block.indexAt(position);
    }

    boolean advance() {
      position = block.nextAlive(position + 1);
      return position >= 0;
    }

    @Override
    public int compareTo(Cursor other) {
      int byTime = Double.compare(timestamp(), other.timestamp());
      return byTime != 0 ? byTime : Long.compare(sequence(), other.sequence());
    }
  }
}
