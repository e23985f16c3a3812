package io.chouette.core.dogstatsd;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * Up to {@value #BATCH} datagrams a system call: {@code recvmmsg(2)}, called through JNA. A Unix
 * datagram socket costs a system call per read, and the system call's entry and exit are much of a
 * datagram's cost (docs/PERFORMANCE.md, "Several datagrams a system call"); neither junixsocket nor
 * the JDK offers a batched receive. Each datagram lands in a slot of its own with room for {@link
 * Chunk#MAX_DATAGRAM_BYTES}: the slots are allocated without being touched, so only the pages
 * datagrams were written to take memory.
 */
final class BatchedUnixDatagramReads implements UnixDatagramReads {

  static final int BATCH = 32;
  private static final int SLOT_BYTES = Chunk.MAX_DATAGRAM_BYTES;

  // Linux's, the same on every architecture Chouette runs on
  private static final int MSG_WAITFORONE = 0x10000;
  private static final int EINTR = 4;
  private static final int EAGAIN = 11;

  private final int descriptor;
  private final Memory headers;
  private final ByteBuffer slots;
  private final int headerBytes;
  private final int lengthOffset;

  private BatchedUnixDatagramReads(int descriptor) {
    this.descriptor = descriptor;
    // struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; }: the msghdr holds six
    // pointer-sized fields (name, namelen padded, iov, iovlen, control, controllen) and an int
    // flags
    int word = Native.POINTER_SIZE;
    int messageHeaderBytes = align(6 * word + Integer.BYTES, word);
    this.lengthOffset = messageHeaderBytes;
    this.headerBytes = align(messageHeaderBytes + Integer.BYTES, word);
    int vectorBytes = 2 * word; // struct iovec { void *iov_base; size_t iov_len; }
    this.headers = new Memory((long) BATCH * (headerBytes + vectorBytes));
    this.headers.clear();
    Memory slotMemory = new Memory((long) BATCH * SLOT_BYTES);
    this.slots = slotMemory.getByteBuffer(0, slotMemory.size());
    for (int i = 0; i < BATCH; i++) {
      long header = (long) i * headerBytes;
      long vector = (long) BATCH * headerBytes + (long) i * vectorBytes;
      headers.setPointer(vector, slotMemory.share((long) i * SLOT_BYTES));
      setWord(vector + word, SLOT_BYTES);
      headers.setPointer(header + 2L * word, headers.share(vector)); // msg_iov
      setWord(header + 3L * word, 1); // msg_iovlen
    }
  }

  /**
   * Reads {@code channel}'s descriptor; {@link UnsupportedOperationException} or a {@link
   * LinkageError} where {@code recvmmsg(2)} cannot be called (not Linux, or no JNA native support).
   */
  static BatchedUnixDatagramReads open(AFUNIXDatagramChannel channel) throws IOException {
    if (!Platform.isLinux()) {
      throw new UnsupportedOperationException("recvmmsg(2) is Linux's");
    }
    Libc.link();
    int descriptor = FileDescriptorCast.using(channel.getFileDescriptor()).as(Integer.class);
    return new BatchedUnixDatagramReads(descriptor);
  }

  /** Waits for the first datagram only (MSG_WAITFORONE), then takes what else is waiting. */
  @Override
  public int receive() throws IOException {
    int received = Libc.recvmmsg(descriptor, headers, BATCH, MSG_WAITFORONE, null);
    if (received >= 0) {
      return received;
    }
    int error = Native.getLastError();
    if (error == EAGAIN || error == EINTR) {
      return 0; // the receive timeout, or a signal
    }
    throw new IOException("recvmmsg on the DogStatsD socket failed: errno " + error);
  }

  @Override
  public int length(int index) {
    return headers.getInt((long) index * headerBytes + lengthOffset);
  }

  @Override
  public void copyTo(int index, ByteBuffer buffer) {
    int length = length(index);
    int at = buffer.position();
    buffer.put(at, slots, index * SLOT_BYTES, length).position(at + length);
  }

  private void setWord(long offset, long value) {
    if (Native.POINTER_SIZE == Long.BYTES) {
      headers.setLong(offset, value);
    } else {
      headers.setInt(offset, (int) value);
    }
  }

  private static int align(int bytes, int alignment) {
    return (bytes + alignment - 1) / alignment * alignment;
  }

  /** JNA's direct mapping: a native method bound once, called without reflection. */
  private static final class Libc {

    static {
      Native.register(Platform.C_LIBRARY_NAME);
    }

    /** Runs the binding above, or throws the {@link LinkageError} it met. */
    static void link() {}

    static native int recvmmsg(int fd, Pointer messages, int count, int flags, Pointer timeout);
  }
}
