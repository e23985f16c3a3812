package io.chouette.core.dogstatsd;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Whole datagrams from a blocking Unix datagram socket: {@link #receive()} waits up to the socket's
 * receive timeout and takes the datagrams waiting, then each is read by its index until the next
 * receive. The descriptor stays junixsocket's, which closes it with the channel; nothing here
 * closes it, and nothing may interrupt the reading thread (an interrupt would close the descriptor
 * under junixsocket).
 */
interface UnixDatagramReads {

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
