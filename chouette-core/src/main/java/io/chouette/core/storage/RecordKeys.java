package io.chouette.core.storage;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** New record keys: random UUID strings, as chouette-iot-client writes them. */
public final class RecordKeys {
  private RecordKeys() {}

  /**
   * A random (version 4) UUID. {@link UUID#randomUUID()} draws from SecureRandom, which is
   * needlessly slow for keys that only have to be unique within a queue.
   */
  public static String newKey() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long most = (random.nextLong() & ~0xF000L) | 0x4000L;
    long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(most, least).toString();
  }
}
