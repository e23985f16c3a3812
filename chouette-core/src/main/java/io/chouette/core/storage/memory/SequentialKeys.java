package io.chouette.core.storage.memory;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The record keys of one memory-engine queue: version-4 UUID strings with a random upper half fixed
 * for the queue and a sequence number in the lower half. Such a key costs no heap while its record
 * waits (it is made again from the sequence number when asked for), keys of different queues never
 * collide, and keys sort as their sequence numbers do, so records with equal timestamps come out in
 * key order, as from a Redis sorted set.
 */
final class SequentialKeys {
  private static final long VARIANT = 0x8000_0000_0000_0000L;
  private static final long VARIANT_MASK = 0xC000_0000_0000_0000L;

  private final long mostBits;

  SequentialKeys() {
    this.mostBits = (ThreadLocalRandom.current().nextLong() & ~0xF000L) | 0x4000L;
  }

  String key(long sequence) {
    return new UUID(mostBits, VARIANT | sequence).toString();
  }

  /** The sequence number of {@code key}, or -1 when it is not a key of this queue. */
  long sequenceOf(String key) {
    if (key.length() != 36) {
      return -1;
    }
    UUID uuid;
    try {
      uuid = UUID.fromString(key);
    } catch (IllegalArgumentException notAUuid) {
      return -1;
    }
    long least = uuid.getLeastSignificantBits();
    if (uuid.getMostSignificantBits() != mostBits || (least & VARIANT_MASK) != VARIANT) {
      return -1;
    }
    return least & ~VARIANT_MASK;
  }
}
