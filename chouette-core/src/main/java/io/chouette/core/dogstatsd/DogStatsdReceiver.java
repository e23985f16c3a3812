package io.chouette.core.dogstatsd;

import io.chouette.core.config.DogStatsdConfig;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP socket and the two threads that serve it, so that the receive path sends no actor message
 * and allocates nothing per datagram:
 *
 * <ul>
 *   <li>the <em>reader</em> only moves datagrams from the socket into {@link Chunk}s (128 KiB each,
 *       datagrams back to back) and hands each chunk over when it is full or when the socket has
 *       nothing more to read;
 *   <li>the <em>processor</em> parses each chunk into the {@link DogStatsdBuckets}.
 * </ul>
 *
 * The reader does so little per datagram that it keeps the socket buffer empty even when parsing,
 * the aggregator's tick or another process briefly takes the CPU: the datagrams then wait in memory
 * rather than being dropped by the kernel. At most {@value ChunkHandOver#MAX_CHUNKS} chunks (8 MiB)
 * wait; beyond that the reader waits and the kernel buffer ({@code DOGSTATSD_SO_RCVBUF}) fills.
 * Every read has room for the largest UDP datagram, so no datagram is ever cut (the Agent's default
 * 8 KiB buffer can cut one).
 */
final class DogStatsdReceiver implements AutoCloseable {

  private static final long ERROR_LOG_PERIOD_NANOS = 60_000_000_000L;
  private static final long JOIN_MILLIS = 5_000;
  private static final Logger log = LoggerFactory.getLogger(DogStatsdReceiver.class);

  private final DatagramChannel channel;
  private final Selector selector;
  private final DogStatsdBuckets buckets;
  private final InetSocketAddress address;
  private final ChunkHandOver chunks = new ChunkHandOver();
  private final Thread reader;
  private final Thread processor;
  private volatile boolean closing;
  private long errorLoggedAt;
  private boolean errorLogged;

  private DogStatsdReceiver(DatagramChannel channel, DogStatsdBuckets buckets, Thread reader)
      throws IOException {
    this.channel = channel;
    this.buckets = buckets;
    this.address = (InetSocketAddress) channel.getLocalAddress();
    this.reader = reader;
    this.selector = Selector.open();
    channel.configureBlocking(false);
    channel.register(selector, SelectionKey.OP_READ);
    this.processor = new Thread(this::process, "chouette-dogstatsd-processor");
    this.processor.setDaemon(true);
  }

  /**
   * Starts the reading thread, which warms up, binds {@code DOGSTATSD_HOST:DOGSTATSD_PORT},
   * completes the result (or fails it when the socket cannot be bound) and then reads until {@link
   * #close()}. Nothing here blocks the caller.
   */
  static CompletableFuture<DogStatsdReceiver> start(
      DogStatsdConfig config, DogStatsdBuckets buckets) {
    return start(config, buckets, ReceiverWarmUp.DATAGRAMS);
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
                ReceiverWarmUp.run(warmUp);
                receiver = bind(config, buckets);
              } catch (IOException | RuntimeException e) {
                started.completeExceptionally(e);
                return;
              }
              receiver.processor.start();
              if (started.complete(receiver)) {
                receiver.read();
              } else {
                receiver.close(); // the caller gave up (cancelled) while we were binding
              }
            },
            "chouette-dogstatsd-reader");
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

  /** The socket receive buffer the OS granted. */
  int receiveBufferBytes() {
    try {
      return channel.getOption(StandardSocketOptions.SO_RCVBUF);
    } catch (IOException e) {
      return -1;
    }
  }

  // ---- reader thread ----

  private void read() {
    try {
      Chunk chunk = chunks.empty();
      while (!closing) {
        int before = chunk.buffer.position();
        if (channel.receive(chunk.buffer) != null) {
          chunk.lengths[chunk.count++] = chunk.buffer.position() - before;
          if (!chunk.hasRoom()) {
            chunks.handOver(chunk);
            chunk = chunks.empty();
          }
          continue;
        }
        // The socket is empty: hand over what was read, then wait for the next datagram.
        if (chunk.count > 0) {
          chunks.handOver(chunk);
          chunk = chunks.empty();
        }
        selector.select();
        selector.selectedKeys().clear();
      }
      if (chunk.count > 0) {
        chunks.handOver(chunk);
      }
    } catch (ClosedChannelException e) {
      // close() gave up waiting for this thread and closed the socket under it
    } catch (IOException e) {
      if (!closing) {
        log.error("DogStatsD stopped reading its socket: {}", e.toString(), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      chunks.end();
    }
  }

  // ---- processor thread ----

  private void process() {
    byte[] data = new byte[Chunk.BYTES];
    while (true) {
      Chunk chunk;
      try {
        chunk = chunks.nextFilled();
      } catch (InterruptedException e) {
        return;
      }
      if (chunk == null) {
        return;
      }
      chunk.buffer.get(0, data, 0, chunk.buffer.position());
      try {
        buckets.ingest(data, chunk.lengths, chunk.count);
      } catch (RuntimeException e) {
        // A bug, not bad input (the parser never throws): keep going, say so loudly.
        logError("DogStatsD datagrams could not be aggregated, still listening: {}", e);
      }
      chunks.recycle(chunk);
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

  /**
   * Stops reading, releases the port, and returns once every datagram already read is aggregated.
   * The reader is stopped before its selector closes: a selector closed under a reading thread
   * throws from {@code select()}.
   */
  @Override
  public void close() {
    closing = true;
    selector.wakeup(); // the reader leaves its loop, handing over what it has read
    try {
      if (Thread.currentThread() == reader) {
        chunks.end(); // the caller gave up while binding: this thread never read
      } else {
        reader.join(JOIN_MILLIS);
      }
      closeSocket();
      processor.join(JOIN_MILLIS);
    } catch (InterruptedException e) {
      closeSocket();
      Thread.currentThread().interrupt();
    }
  }

  private void closeSocket() {
    try {
      channel.close();
      selector.close();
    } catch (IOException e) {
      log.warn("closing the DogStatsD socket failed: {}", e.toString());
    }
  }
}
