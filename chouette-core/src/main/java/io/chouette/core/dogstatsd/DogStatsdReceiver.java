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
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP socket and the thread that reads it: a blocking read loop that hands each datagram
 * straight to {@link DogStatsdBuckets#ingest}, so the receive path sends no actor message and
 * allocates nothing per datagram. Reads use a 64 KiB buffer, larger than any UDP datagram, so that
 * no datagram is ever cut (the Agent's default 8 KiB buffer can cut one).
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

  private DogStatsdReceiver(DatagramChannel channel, DogStatsdBuckets buckets, Thread thread)
      throws IOException {
    this.channel = channel;
    this.buckets = buckets;
    this.address = (InetSocketAddress) channel.getLocalAddress();
    this.thread = thread;
  }

  /**
   * Starts the receiving thread, which warms up, binds {@code DOGSTATSD_HOST:DOGSTATSD_PORT},
   * completes the result (or fails it when the socket cannot be bound) and then reads until {@link
   * #close()}. Nothing here blocks the caller.
   */
  static CompletableFuture<DogStatsdReceiver> start(
      DogStatsdConfig config, DogStatsdBuckets buckets) {
    return start(config, buckets, WARM_UP_DATAGRAMS);
  }

  /**
   * As {@link #start(DogStatsdConfig, DogStatsdBuckets)}, warming up with {@code warmUp} datagrams.
   */
  // visible for testing
  static CompletableFuture<DogStatsdReceiver> start(
      DogStatsdConfig config, DogStatsdBuckets buckets, int warmUp) {
    CompletableFuture<DogStatsdReceiver> started = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              DogStatsdReceiver receiver;
              try {
                warmUp(warmUp);
                receiver = bind(config, buckets);
              } catch (IOException | RuntimeException e) {
                started.completeExceptionally(e);
                return;
              }
              if (started.complete(receiver)) {
                receiver.run();
              } else {
                receiver.close(); // the caller gave up (cancelled) while we were binding
              }
            },
            "chouette-dogstatsd-receiver");
    thread.setDaemon(true);
    thread.start();
    return started;
  }

  private static DogStatsdReceiver bind(DogStatsdConfig config, DogStatsdBuckets buckets)
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
      return new DogStatsdReceiver(channel, buckets, Thread.currentThread());
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

  /**
   * Runs the receive path (socket read, parsing, aggregation) over synthetic datagrams on a
   * throwaway loopback socket and buckets, so that the JIT has compiled it before real traffic
   * arrives. Measured on 2 cores: without it, a full-rate sender loses about 1% of the first
   * second's datagrams while the code is still interpreted (docs/PERFORMANCE.md). Costs about a
   * quarter of a second of CPU at startup; never fails the start.
   */
  static void warmUp(int datagrams) {
    if (datagrams <= 0) {
      return;
    }
    DogStatsdBuckets scratch =
        new DogStatsdBuckets(
            java.time.Duration.ofSeconds(10), 1_000, false, java.time.Clock.systemUTC());
    byte[][] samples = warmUpDatagrams();
    byte[] data = new byte[READ_BUFFER_BYTES];
    ByteBuffer in = ByteBuffer.wrap(data);
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    try (DatagramChannel receiving = DatagramChannel.open(StandardProtocolFamily.INET);
        DatagramChannel sending = DatagramChannel.open(StandardProtocolFamily.INET)) {
      receiving.bind(loopback);
      sending.connect(receiving.getLocalAddress());
      for (int i = 0; i < datagrams; i++) {
        sending.write(ByteBuffer.wrap(samples[i % samples.length]));
        in.clear();
        receiving.receive(in);
        scratch.ingest(data, 0, in.position());
        if (i % 1_000 == 999) {
          scratch.drainClosed(0, true);
        }
      }
    } catch (IOException | RuntimeException e) {
      log.debug("DogStatsD warm-up skipped: {}", e.toString());
    }
  }

  private static final int WARM_UP_DATAGRAMS = 6_000;

  /** Packed datagrams of every type and field, over 200 contexts. */
  private static byte[][] warmUpDatagrams() {
    String[] types = {"c", "g", "ms", "h", "d", "c|@0.5", "g|T1600000000", "c", "g", "c"};
    byte[][] datagrams = new byte[20][];
    int context = 0;
    for (int d = 0; d < datagrams.length; d++) {
      StringBuilder text = new StringBuilder(1432);
      while (text.length() < 1_350) {
        String type = types[context % types.length];
        text.append("chouette.warm_up.")
            .append(context % 20)
            .append(':')
            .append(context % 7 == 0 ? "1.5:2" : String.valueOf(context))
            .append('|')
            .append(type)
            .append("|#env:warm_up,context:")
            .append(context % 200)
            .append('\n');
        if (context % 50 == 0) {
          text.append("chouette.warm_up.set:member").append(context).append("|s\n");
        }
        context++;
      }
      datagrams[d] = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    return datagrams;
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
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
