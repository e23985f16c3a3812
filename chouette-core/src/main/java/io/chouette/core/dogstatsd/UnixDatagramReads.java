package io.chouette.core.dogstatsd;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.slf4j.LoggerFactory;

/**
 * Whole datagrams from a blocking Unix datagram socket: {@link #receive()} waits up to the socket's
 * receive timeout and takes the datagrams waiting, then each is read by its index until the next
 * receive. The descriptor stays junixsocket's, which closes it with the channel; nothing here
 * closes it, and nothing may interrupt the reading thread (an interrupt would close the descriptor
 * under junixsocket).
 */
interface UnixDatagramReads {

  /**
   * Several datagrams a system call where the platform allows ({@link BatchedUnixDatagramReads}),
   * with their senders' pids when asked for; else one a call, without ({@link
   * SingleUnixDatagramReads}), said once at WARN.
   */
  static UnixDatagramReads open(AFUNIXDatagramChannel channel, boolean senderPids)
      throws IOException {
    try {
      return BatchedUnixDatagramReads.open(channel, senderPids);
    } catch (LinkageError | UnsupportedOperationException e) {
      LoggerFactory.getLogger(UnixDatagramReads.class)
          .warn(
              "DogStatsD reads its Unix datagram socket one datagram a call{}: {}",
              senderPids ? ", without the senders' pids for origin detection" : "",
              e.toString());
      return SingleUnixDatagramReads.open(channel);
    }
  }

  /**
   * Waits up to the socket's receive timeout for a datagram, then takes those waiting; their
   * number, 0 when none came in time.
   */
  int receive() throws IOException;

  /** The byte length of datagram {@code index} of the last receive; 0 for an empty datagram. */
  int length(int index);

  /** The process that sent datagram {@code index} of the last receive; 0 when unknown. */
  int pid(int index);

  /**
   * Appends datagram {@code index} of the last receive to {@code buffer}, which has room for it.
   */
  void copyTo(int index, ByteBuffer buffer);
}
