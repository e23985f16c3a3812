package io.chouette.core.dogstatsd;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
  private static final int SOL_SOCKET = 1;
  private static final int SO_PASSCRED = 16;
  private static final int SCM_CREDENTIALS = 2;
  private static final int CREDENTIALS_BYTES = 12; // struct ucred { pid_t pid; uid_t; gid_t; }
  private static final int EINTR = 4;
  private static final int EAGAIN = 11;

  private final int descriptor;
  private final boolean senderPids;
  private final int word = Native.POINTER_SIZE;
  // The native memory (held here: JNA frees a Memory once it is collected), and views of it
  // that Java reads without a JNI call per access.
  private final Memory headers;
  private final Memory slotMemory;
  private final Memory controls;
  private final ByteBuffer headerView;
  private final ByteBuffer slots;
  private final ByteBuffer controlView;
  private final int headerBytes;
  private final int lengthOffset;
  private final int controlBytes;
  private final int credentialsOffset;
  private int received;

  private BatchedUnixDatagramReads(int descriptor, boolean senderPids) {
    this.descriptor = descriptor;
    this.senderPids = senderPids;
    // struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; }, where msghdr is six
    // word-sized fields (name, padded namelen, iov, iovlen, control, controllen), then int flags
    int messageHeaderBytes = align(6 * word + Integer.BYTES, word);
    this.lengthOffset = messageHeaderBytes;
    this.headerBytes = align(messageHeaderBytes + Integer.BYTES, word);
    int vectorBytes = 2 * word; // struct iovec { void *iov_base; size_t iov_len; }
    this.headers = new Memory((long) BATCH * (headerBytes + vectorBytes));
    this.headers.clear();
    this.headerView = view(headers);
    this.slotMemory = new Memory((long) BATCH * SLOT_BYTES);
    this.slots = view(slotMemory);
    for (int i = 0; i < BATCH; i++) {
      int header = i * headerBytes;
      int vector = BATCH * headerBytes + i * vectorBytes;
      headers.setPointer(vector, slotMemory.share((long) i * SLOT_BYTES));
      setWord(vector + word, SLOT_BYTES);
      headers.setPointer(header + 2 * word, headers.share(vector)); // msg_iov
      setWord(header + 3 * word, 1); // msg_iovlen
    }
    // struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; }, then the credentials
    this.credentialsOffset = align(word + 2 * Integer.BYTES, word);
    this.controlBytes = credentialsOffset + align(CREDENTIALS_BYTES, word);
    this.controls = senderPids ? new Memory((long) BATCH * controlBytes) : null;
    this.controlView = senderPids ? view(controls) : null;
    for (int i = 0; senderPids && i < BATCH; i++) {
      int header = i * headerBytes;
      headers.setPointer(header + 4 * word, controls.share(i * controlBytes));
      setWord(header + 5 * word, controlBytes); // msg_controllen
    }
  }

  /**
   * Reads {@code channel}'s descriptor; {@link UnsupportedOperationException} or a {@link
   * LinkageError} where {@code recvmmsg(2)} cannot be called (not Linux, or no JNA native support).
   */
  static BatchedUnixDatagramReads open(AFUNIXDatagramChannel channel, boolean senderPids)
      throws IOException {
    if (!Platform.isLinux()) {
      throw new UnsupportedOperationException("recvmmsg(2) is Linux's");
    }
    Libc.link();
    int descriptor = FileDescriptorCast.using(channel.getFileDescriptor()).as(Integer.class);
    if (senderPids) {
      Memory on = new Memory(Integer.BYTES);
      on.setInt(0, 1);
      if (Libc.setsockopt(descriptor, SOL_SOCKET, SO_PASSCRED, on, Integer.BYTES) != 0) {
        throw new IOException(
            "cannot ask for the senders' credentials (SO_PASSCRED): errno "
                + Native.getLastError());
      }
    }
    return new BatchedUnixDatagramReads(descriptor, senderPids);
  }

  /** Waits for the first datagram only (MSG_WAITFORONE), then takes what else is waiting. */
  @Override
  public int receive() throws IOException {
    for (int i = 0; senderPids && i < received; i++) {
      // the kernel wrote the length of what it put there: room for the credentials again
      setWord(i * headerBytes + 5 * word, controlBytes);
    }
    int taken = Libc.recvmmsg(descriptor, headers, BATCH, MSG_WAITFORONE, null);
    received = Math.max(taken, 0);
    if (taken >= 0) {
      return taken;
    }
    int error = Native.getLastError();
    if (error == EAGAIN || error == EINTR) {
      return 0; // the receive timeout, or a signal
    }
    throw new IOException("recvmmsg on the DogStatsD socket failed: errno " + error);
  }

  @Override
  public int length(int index) {
    return headerView.getInt(index * headerBytes + lengthOffset);
  }

  @Override
  public void copyTo(int index, ByteBuffer buffer) {
    int length = length(index);
    int at = buffer.position();
    buffer.put(at, slots, index * SLOT_BYTES, length).position(at + length);
  }

  /** The sending process of datagram {@code index}, 0 when not asked for or not given. */
  @Override
  public int pid(int index) {
    if (!senderPids) {
      return 0;
    }
    int controlLengthAt = index * headerBytes + 5 * word; // msg_controllen, as the kernel set it
    long length =
        word == Long.BYTES
            ? headerView.getLong(controlLengthAt)
            : headerView.getInt(controlLengthAt);
    int control = index * controlBytes;
    if (length < credentialsOffset + CREDENTIALS_BYTES
        || controlView.getInt(control + word) != SOL_SOCKET
        || controlView.getInt(control + word + Integer.BYTES) != SCM_CREDENTIALS) {
      return 0;
    }
    return controlView.getInt(control + credentialsOffset);
  }

  private void setWord(int offset, int value) {
    if (word == Long.BYTES) {
      headerView.putLong(offset, value);
    } else {
      headerView.putInt(offset, value);
    }
  }

  private static ByteBuffer view(Memory memory) {
    return memory.getByteBuffer(0, memory.size()).order(ByteOrder.nativeOrder());
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

    static native int setsockopt(int fd, int level, int name, Pointer value, int length);
  }
}
