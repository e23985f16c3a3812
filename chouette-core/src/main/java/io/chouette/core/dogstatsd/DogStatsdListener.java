package io.chouette.core.dogstatsd;

import java.net.InetSocketAddress;
import java.util.Optional;

/** One bound transport of the DogStatsD server, with the threads that serve it. */
interface DogStatsdListener extends AutoCloseable {

  DogStatsdTransport transport();

  /** Its address for the logs: {@code udp://127.0.0.1:8125}, {@code uds:///var/run/dsd.socket}. */
  String describe();

  /** The bound UDP address, for UDP. */
  Optional<InetSocketAddress> udpAddress();

  /** The socket receive buffer the OS granted; -1 when the transport has none of its own. */
  int receiveBufferBytes();

  /** Stops reading, releases the socket, and returns once everything read is aggregated. */
  @Override
  void close();
}
