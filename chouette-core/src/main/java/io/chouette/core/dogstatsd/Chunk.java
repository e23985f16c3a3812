package io.chouette.core.dogstatsd;

import java.nio.ByteBuffer;

/**
 * Datagrams back to back in a direct buffer (the socket writes straight into it), with their
 * lengths and senders. Filled by a reader thread, parsed by the processor thread, then reused.
 */
final class Chunk {

  /** Room kept free for the next read: the largest UDP payload fits, so none is ever cut. */
  static final int MAX_DATAGRAM_BYTES = 64 * 1024;

  static final int BYTES = 2 * MAX_DATAGRAM_BYTES;
  private static final int MAX_DATAGRAMS = 4_096;

  final ByteBuffer buffer = ByteBuffer.allocateDirect(BYTES);
  final int[] lengths = new int[MAX_DATAGRAMS];

  /** The sending process of each datagram, 0 when unknown (UDP, Unix datagrams). */
  final int[] pids = new int[MAX_DATAGRAMS];

  int count;

  /** Whether one more datagram of any size fits. */
  boolean hasRoom() {
    return count < MAX_DATAGRAMS && buffer.remaining() >= MAX_DATAGRAM_BYTES;
  }

  void clear() {
    buffer.clear();
    count = 0;
  }
}
