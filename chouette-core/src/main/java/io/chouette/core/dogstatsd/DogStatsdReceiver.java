package io.chouette.core.dogstatsd;

import io.chouette.core.config.DogStatsdConfig;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP socket and the thread that reads it: a blocking read loop that hands each datagram
 * straight to {@link DogStatsdBuckets#ingest}, so the receive path sends no actor message and
 * allocates nothing per datagram. Reads use a 64 KiB buffer, larger than any UDP datagram, so
 * that no datagram is ever cut (the Agent's default 8 KiB buffer can cut one).
 */
final class DogStatsdReceiver implements AutoCloseable {

  /** Larger than the largest UDP payload (65,507 bytes over IPv4). */
  static final int READ_BUFFER_BYTES = 64 * 1024;

  private static final Logger log = LoggerFactory.getLogger(DogStatsdReceiver.class);
  private static final long ERROR_LOG_PERIOD_NANOS = 60_000_000_000L;

  private final DatagramChannel channel;
  private final DogStatsdBuckets buckets;
  private final Thread thread;
  private final InetSocketAddress address;
  private volatile boolean closing;
  private long errorLoggedAt;
  private boolean errorLogged;

  private DogStatsdReceiver(DatagramChannel channel, DogStatsdBuckets buckets) throws IOException {
    this.channel = channel;
    this.buckets = buckets;
    this.address = (InetSocketAddress) channel.getLocalAddress();
    this.thread = new Thread(this::run, "chouette-dogstatsd-receiver");
    this.thread.setDaemon(true);
  }

  /** Binds {@code DOGSTATSD_HOST:DOGSTATSD_PORT} and starts reading. */
  static DogStatsdReceiver start(DogStatsdConfig config, DogStatsdBuckets buckets)
      throws IOException {
    InetAddress host = InetAddress.getByName(config.host());
    ProtocolFamily family =
        host instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    DatagramChannel channel = DatagramChannel.open(family);
    try {
      if (config.receiveBufferBytes() > 0) {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, config.receiveBufferBytes());
      }
      channel.bind(new InetSocketAddress(host, config.port()));
      DogStatsdReceiver receiver = new DogStatsdReceiver(channel, buckets);
      receiver.thread.start();
      return receiver;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The bound address (with the real port when 0 was asked, as tests do). */
  InetSocketAddress address() {
    return address;
  }

  /** The socket receive buffer the OS granted (Linux doubles the request, up to a maximum). */
  int receiveBufferBytes() {
    try {
      return channel.getOption(StandardSocketOptions.SO_RCVBUF);
    } catch (IOException e) {
      return -1;
    }
  }

  private void run() {
    byte[] data = new byte[READ_BUFFER_BYTES];
    ByteBuffer buffer = ByteBuffer.wrap(data);
    while (true) {
      buffer.clear();
      try {
        channel.receive(buffer);
      } catch (ClosedChannelException e) {
        return; // close(): the normal way out
      } catch (IOException e) {
        if (closing) {
          return;
        }
        logError("DogStatsD receive failed, still listening: {}", e);
        continue;
      }
      try {
        buckets.ingest(data, 0, buffer.position());
      } catch (RuntimeException e) {
        // A bug, not bad input (the parser never throws): keep listening, say so loudly.
        logError("DogStatsD datagram could not be aggregated, still listening: {}", e);
      }
    }
  }

  private void logError(String message, Exception e) {
    long now = System.nanoTime();
    if (errorLogged && now - errorLoggedAt < ERROR_LOG_PERIOD_NANOS) {
      return;
    }
    errorLogged = true;
    errorLoggedAt = now;
    log.error(message, e.toString(), e);
  }

  /** Stops reading and releases the port; returns once the reading thread has ended. */
  @Override
  public void close() {
    closing = true;
    try {
      channel.close();
    } catch (IOException e) {
      log.warn("closing the DogStatsD socket failed: {}", e.toString());
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
