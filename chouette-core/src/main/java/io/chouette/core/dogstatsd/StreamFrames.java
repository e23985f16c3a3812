package io.chouette.core.dogstatsd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;

/**
 * The bytes read from one stream-socket connection, cut into frames: each a 32-bit little-endian
 * length then that many bytes of DogStatsD payload (the Agent's framing). Reader thread only.
 */
final class StreamFrames {

  /** {@link #nextFrame()}: the next frame is not complete yet. */
  static final int INCOMPLETE = -1;

  /** {@link #nextFrame()}: the next frame is longer than a datagram may be. */
  static final int TOO_LONG = -2;

  private static final int HEADER = 4;
  // Direct: junixsocket reads into a heap buffer through a leased direct one and a copy.
  private static final int INITIAL_BYTES = 32 * 1024;

  private final int pid;
  private ByteBuffer in = ByteBuffer.allocateDirect(INITIAL_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private int frameLength;

  /**
   * @param pid the client's process id, 0 when unknown
   */
  StreamFrames(int pid) {
    this.pid = pid;
    in.flip(); // reading mode, empty
  }

  /**
   * Reads once what the connection has, as much as fits: the bytes read, 0 when it has none, -1
   * once the client closed it. With no room left it reads nothing and returns {@link
   * Integer#MAX_VALUE}: take the frames, then read again (the buffer always grows to hold the
   * longest frame allowed, so taking frames always makes room).
   */
  int readFrom(ReadableByteChannel channel) throws IOException {
    in.compact();
    try {
      return in.hasRemaining() ? channel.read(in) : Integer.MAX_VALUE;
    } finally {
      in.flip();
    }
  }

  /**
   * The payload length of the next complete frame (0 included), {@link #INCOMPLETE}, or {@link
   * #TOO_LONG}. When complete, {@link #copyFrame} takes it.
   */
  int nextFrame() {
    if (in.remaining() < HEADER) {
      return INCOMPLETE;
    }
    int length = in.getInt(in.position());
    if (length < 0 || length > Chunk.MAX_DATAGRAM_BYTES) {
      return TOO_LONG;
    }
    if (in.remaining() < HEADER + length) {
      ensureRoom(HEADER + length);
      return INCOMPLETE;
    }
    frameLength = length;
    return length;
  }

  /** Appends the frame {@link #nextFrame()} found to {@code chunk} as one datagram. */
  void copyFrame(Chunk chunk) {
    int start = in.position() + HEADER;
    if (frameLength > 0) {
      ByteBuffer target = chunk.buffer;
      target.put(target.position(), in, start, frameLength);
      target.position(target.position() + frameLength);
      chunk.lengths[chunk.count] = frameLength;
      chunk.pids[chunk.count] = pid;
      chunk.count++;
    }
    in.position(start + frameLength);
  }

  /** Grows the buffer so that a frame of {@code bytes} (header included) fits whole. */
  private void ensureRoom(int bytes) {
    if (bytes <= in.capacity()) {
      return;
    }
    ByteBuffer grown =
        ByteBuffer.allocateDirect(HEADER + Chunk.MAX_DATAGRAM_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    grown.put(in);
    grown.flip();
    in = grown;
  }
}
