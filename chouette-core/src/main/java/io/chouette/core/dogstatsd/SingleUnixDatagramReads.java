package io.chouette.core.dogstatsd;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import org.newsclub.net.unix.AFUNIXDatagramChannel;

/**
 * One datagram a receive, where {@code recvmmsg(2)} cannot be called: the JDK's file reads on the
 * socket's descriptor, as {@code read(2)} on a datagram socket takes one whole datagram. They cost
 * the reading thread 16–26% less CPU per datagram than junixsocket's own reads, which make JNI
 * upcalls for its ancillary-data support on every call (docs/PERFORMANCE.md).
 */
final class SingleUnixDatagramReads implements UnixDatagramReads {

  private final ReadableByteChannel descriptor;
  private final ByteBuffer datagram = ByteBuffer.allocateDirect(Chunk.MAX_DATAGRAM_BYTES);
  private int length;

  private SingleUnixDatagramReads(ReadableByteChannel descriptor) {
    this.descriptor = descriptor;
  }

  static SingleUnixDatagramReads open(AFUNIXDatagramChannel channel) throws IOException {
    return new SingleUnixDatagramReads(descriptorReads(channel));
  }

  /**
   * The JDK's file reads on the socket's descriptor. A receive timeout reads as 0 bytes, an empty
   * datagram as -1. The stream must never be closed: the descriptor is junixsocket's.
   */
  // visible for benchmarks
  static ReadableByteChannel descriptorReads(AFUNIXDatagramChannel channel) throws IOException {
    return new FileInputStream(channel.getFileDescriptor()).getChannel();
  }

  /** A timeout and an empty datagram are both "nothing". */
  @Override
  public int receive() throws IOException {
    datagram.clear();
    length = Math.max(descriptor.read(datagram), 0);
    return length > 0 ? 1 : 0;
  }

  @Override
  public int length(int index) {
    return length;
  }

  /** Unknown: {@code read(2)} takes no credentials. */
  @Override
  public int pid(int index) {
    return 0;
  }

  @Override
  public void copyTo(int index, ByteBuffer buffer) {
    buffer.put(buffer.position(), datagram, 0, length).position(buffer.position() + length);
  }
}
