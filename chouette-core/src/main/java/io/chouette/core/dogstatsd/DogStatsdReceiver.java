package io.chouette.core.dogstatsd;

import io.chouette.core.config.DogStatsdConfig;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A datagram socket (UDP, or the Unix datagram socket {@code DOGSTATSD_SOCKET}) and the two threads
 * that serve it, so that the receive path sends no actor message and allocates nothing per
 * datagram:
 *
 * <ul>
 *   <li>the <em>reader</em> only moves datagrams from the socket into {@link Chunk}s (128 KiB each,
 *       datagrams back to back) and hands each chunk over when it is full or when the socket has
 *       nothing more to read;
 *   <li>the <em>processor</em> ({@link ChunkProcessor}) parses each chunk into the {@link
 *       DogStatsdBuckets}.
 * </ul>
 *
 * The reader does so little per datagram that it keeps the socket buffer empty even when parsing,
 * the aggregator's tick or another process briefly takes the CPU: the datagrams then wait in memory
 * rather than being dropped by the kernel. At most {@value ChunkHandOver#MAX_CHUNKS} chunks (8 MiB)
 * wait; beyond that the reader waits and the kernel buffer ({@code DOGSTATSD_SO_RCVBUF}) fills.
 * Every read has room for the largest UDP datagram, so no datagram is ever cut (the Agent's default
 * 8 KiB buffer can cut one).
 */
final class DogStatsdReceiver implements DogStatsdListener {

  private static final long JOIN_MILLIS = 5_000;
  private static final byte[] WAKE_UP = {'\n'};
  private static final int IDLE_WAIT_MILLIS = 100;
  private static final long MAX_HOLD_NANOS = 10_000_000;
  private static final Logger log = LoggerFactory.getLogger(DogStatsdReceiver.class);

  /** Opens and binds the socket, on the reading thread. */
  @FunctionalInterface
  interface Binding {
    DatagramChannel bind() throws IOException;
  }

  private final DatagramChannel channel;
  private final DogStatsdTransport transport;
  private final Selector selector;
  private final SocketAddress address;
  private final Path socketFile;
  private final boolean senderPids;
  private final ChunkHandOver chunks = new ChunkHandOver();
  private final Thread reader;
  private final ChunkProcessor processor;
  private volatile boolean closing;

  private DogStatsdReceiver(
      DatagramChannel channel,
      DogStatsdTransport transport,
      Path socketFile,
      boolean senderPids,
      DogStatsdBuckets buckets,
      Thread reader)
      throws IOException {
    this.channel = channel;
    this.transport = transport;
    this.socketFile = socketFile;
    this.senderPids = senderPids;
    this.address = channel.getLocalAddress();
    this.reader = reader;
    channel.configureBlocking(false);
    if (transport == DogStatsdTransport.UDP) {
      this.selector = Selector.open();
      channel.register(selector, SelectionKey.OP_READ);
    } else {
      this.selector = null; // readBlocking() waits instead
    }
    this.processor = new ChunkProcessor(chunks, buckets, transport);
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
    return start(DogStatsdTransport.UDP, null, false, () -> bindUdp(config), buckets, warmUp);
  }

  /**
   * Starts a receiver on the Unix datagram socket {@code path}: the file is prepared ({@link
   * UnixSocketFile#prepare(Path)}), bound, given {@code mode}, and removed on {@link #close()}.
   * With {@code senderPids} (origin detection), each datagram's sending process is read along with
   * it.
   */
  static CompletableFuture<DogStatsdReceiver> startUnix(
      Path path,
      int mode,
      int receiveBufferBytes,
      boolean senderPids,
      DogStatsdBuckets buckets,
      int warmUp) {
    return start(
        DogStatsdTransport.UDS,
        path,
        senderPids,
        () -> bindUnix(path, mode, receiveBufferBytes),
        buckets,
        warmUp);
  }

  private static CompletableFuture<DogStatsdReceiver> start(
      DogStatsdTransport transport,
      Path socketFile,
      boolean senderPids,
      Binding binding,
      DogStatsdBuckets buckets,
      int warmUp) {
    CompletableFuture<DogStatsdReceiver> started = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              DogStatsdReceiver receiver;
              try {
                ReceiverWarmUp.run(warmUp);
                DatagramChannel channel = binding.bind();
                try {
                  receiver =
                      new DogStatsdReceiver(
                          channel,
                          transport,
                          socketFile,
                          senderPids,
                          buckets,
                          Thread.currentThread());
                } catch (IOException | RuntimeException e) {
                  channel.close();
                  throw e;
                }
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
            "chouette-dogstatsd-reader-" + transport.scheme());
    thread.setDaemon(true);
    thread.start();
    return started;
  }

  private static DatagramChannel bindUdp(DogStatsdConfig config) throws IOException {
    InetAddress host = InetAddress.getByName(config.host());
    ProtocolFamily family =
        host instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    DatagramChannel channel = DatagramChannel.open(family);
    try {
      if (config.receiveBufferBytes() > 0) {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, config.receiveBufferBytes());
      }
      channel.bind(new InetSocketAddress(host, config.port()));
      return channel;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static DatagramChannel bindUnix(Path path, int mode, int receiveBufferBytes)
      throws IOException {
    UnixSocketFile.prepare(path);
    AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open();
    try {
      if (receiveBufferBytes > 0) {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
      }
      channel.bind(AFUNIXSocketAddress.of(path));
      UnixSocketFile.setMode(path, mode);
      return channel;
    } catch (IOException | RuntimeException e) {
      channel.close();
      UnixSocketFile.remove(path);
      throw e;
    }
  }

  /** The bound address (with the real port when 0 was asked, as tests do). */
  InetSocketAddress address() {
    // junixsocket's addresses are InetSocketAddresses too
    return transport == DogStatsdTransport.UDP ? (InetSocketAddress) address : null;
  }

  @Override
  public DogStatsdTransport transport() {
    return transport;
  }

  @Override
  public String describe() {
    return socketFile != null
        ? transport.scheme() + "://" + socketFile
        : transport.scheme()
            + "://"
            + address().getAddress().getHostAddress()
            + ":"
            + address().getPort();
  }

  @Override
  public Optional<InetSocketAddress> udpAddress() {
    return Optional.ofNullable(address());
  }

  /** The socket receive buffer the OS granted. */
  @Override
  public int receiveBufferBytes() {
    try {
      return channel.getOption(StandardSocketOptions.SO_RCVBUF);
    } catch (IOException e) {
      return -1;
    }
  }

  // ---- reader thread ----

  private void read() {
    try {
      if (selector != null) {
        readSelecting();
      } else {
        readBlocking();
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

  /** UDP: reads until the socket is empty, hands the chunk over, waits in the selector. */
  private void readSelecting() throws IOException, InterruptedException {
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
  }

  /**
   * Unix datagram socket: blocking reads, as junixsocket's selector polls and allocates on every
   * wait (more CPU than the datagrams it waits for). A chunk is handed over when full, when its
   * first datagram has waited {@value #MAX_HOLD_NANOS} ns, or when no datagram came for {@value
   * #IDLE_WAIT_MILLIS} ms (the socket's receive timeout). An empty datagram carries nothing.
   */
  private void readBlocking() throws IOException, InterruptedException {
    channel.configureBlocking(true);
    channel.socket().setSoTimeout(IDLE_WAIT_MILLIS); // then a receive takes nothing
    UnixDatagramReads datagrams =
        UnixDatagramReads.open((AFUNIXDatagramChannel) channel, senderPids);
    Chunk chunk = chunks.empty();
    long firstAt = 0;
    while (!closing) {
      int received = datagrams.receive();
      if (received == 0) {
        if (chunk.count > 0) {
          chunks.handOver(chunk);
          chunk = chunks.empty();
        }
        continue;
      }
      long now = System.nanoTime();
      if (chunk.count == 0) {
        firstAt = now;
      }
      for (int i = 0; i < received; i++) {
        int length = datagrams.length(i);
        if (length == 0) {
          continue;
        }
        datagrams.copyTo(i, chunk.buffer);
        chunk.pids[chunk.count] = datagrams.pid(i);
        chunk.lengths[chunk.count++] = length;
        if (!chunk.hasRoom()) {
          chunks.handOver(chunk);
          chunk = chunks.empty();
          firstAt = now;
        }
      }
      if (chunk.count > 0 && now - firstAt > MAX_HOLD_NANOS) {
        chunks.handOver(chunk);
        chunk = chunks.empty();
      }
    }
    int last = chunk.count - 1;
    if (last >= 0 && chunk.lengths[last] == WAKE_UP.length) {
      // close()'s wake-up call, not a client's datagram
      chunk.count--;
      chunk.buffer.position(chunk.buffer.position() - WAKE_UP.length);
    }
    if (chunk.count > 0) {
      chunks.handOver(chunk);
    }
  }

  /**
   * Wakes a reader waiting in {@link #readBlocking} with a datagram to the socket (an empty one
   * would not do: it reads as nothing, and the reader would wait on).
   */
  private void wakeBlockedReader() {
    try (AFUNIXDatagramChannel waker = AFUNIXDatagramChannel.open()) {
      waker.send(ByteBuffer.wrap(WAKE_UP), AFUNIXSocketAddress.of(socketFile));
    } catch (IOException e) {
      // the socket is gone: the reader's receive fails and it stops
    }
  }

  /**
   * Stops reading, releases the port, and returns once every datagram already read is aggregated.
   * The reader is stopped before its selector closes: a selector closed under a reading thread
   * throws from {@code select()}.
   */
  @Override
  public void close() {
    closing = true;
    // the reader leaves its loop, handing over what it has read
    if (selector != null) {
      selector.wakeup();
    } else {
      wakeBlockedReader();
    }
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
      if (selector != null) {
        selector.close();
      }
    } catch (IOException e) {
      log.warn("closing the DogStatsD socket failed: {}", e.toString());
    }
    if (socketFile != null) {
      UnixSocketFile.remove(socketFile);
    }
  }
}
