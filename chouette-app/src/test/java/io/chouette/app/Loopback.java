package io.chouette.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** Ports on loopback for an agent under test, and what the kernel holds for them. */
final class Loopback {

  private Loopback() {}

  static int freeTcpPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static int freeUdpPort() throws IOException {
    try (DatagramChannel channel = DatagramChannel.open()) {
      channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }
  }

  /**
   * Bytes waiting in the receive queue of the UDP socket bound to {@code port}, from the kernel's
   * socket table (Linux {@code /proc/net/udp}, column {@code rx_queue}); -1 when no socket is bound
   * there.
   */
  static long udpReceiveQueue(int port) {
    String localPort = String.format(":%04X", port);
    try {
      for (String line : Files.readAllLines(Path.of("/proc/net/udp"))) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length > 4 && fields[1].endsWith(localPort)) {
          return Long.parseLong(fields[4].substring(fields[4].indexOf(':') + 1), 16);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("this test reads the Linux socket table", e);
    }
    return -1;
  }
}
