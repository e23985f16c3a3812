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
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP socket and the two threads that serve it, so that the receive path sends no actor
 * message and allocates nothing per datagram:
 *
 * <ul>
 *   <li>the <em>reader</em> only moves datagrams from the socket into chunks of memory (128 KiB
 *       each, datagrams back to back) and hands each chunk over when it is full or when the
 *       socket has nothing more to read;
 *   <li>the <em>processor</em> parses each chunk into the {@link DogStatsdBuckets}.
 * </ul>
 *
 * The reader does so little per datagram that it keeps the socket buffer empty even when parsing,
 * the aggregator's tick or another process briefly takes the CPU: the datagrams then wait in
 * memory rather than being dropped by the kernel. At most {@value #MAX_CHUNKS} chunks (8 MiB)
 * wait; beyond that the reader waits and the kernel buffer ({@code DOGSTATSD_SO_RCVBUF}) fills.
 * Every read has room for the largest UDP datagram, so no datagram is ever cut (the Agent's
 * default 8 KiB buffer can cut one).
 */
final class DogStatsdReceiver implements AutoCloseable {

  /** Room kept free in a chunk for the next read: the largest UDP payload fits. */
  static final int MAX_DATAGRAM_BYTES = 64 * 1024;

  static final int CHUNK_BYTES = 2 * MAX_DATAGRAM_BYTES;
  static final int MAX_CHUNKS = 64;
  private static final int MAX_DATAGRAMS_PER_CHUNK = 4_096;
  private static final int WARM_UP_DATAGRAMS = 6_000;
  private static final long ERROR_LOG_PERIOD_NANOS = 60_000_000_000L;
  private static final Logger log = LoggerFactory.getLogger(DogStatsdReceiver.class);

  /** Datagrams back to back in a direct buffer (the socket writes straight into it). */
  private static final class Chunk {
    final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK_BYTES);
    final int[] lengths = new int[MAX_DATAGRAMS_PER_CHUNK];
    int count;

    boolean hasRoom() {
      return count < MAX_DATAGRAMS_PER_CHUNK && buffer.remaining() >= MAX_DATAGRAM_BYTES;
    }

    void clear() {
      buffer.clear();
      count = 0;
    }
  }

  /** Tells the processor to stop once the chunks before it are parsed. */
  private static final Chunk END = new Chunk();

  private final DatagramChannel channel;
  private final Selector selector;
  private final DogStatsdBuckets buckets;
  private final InetSocketAddress address;
  private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(MAX_CHUNKS + 1);
  private final BlockingQueue<Chunk> emptied = new ArrayBlockingQueue<>(MAX_CHUNKS);
  private int chunks;
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
   * completes the result (or fails it when the socket cannot be bound) and then reads until
   * {@link #close()}. Nothing here blocks the caller.
   */
  static CompletableFuture<DogStatsdReceiver> start(
      DogStatsdConfig config, DogStatsdBuckets buckets) {
    return start(config, buckets, WARM_UP_DATAGRAMS);
  }

  /**
   * As {@link #start(DogStatsdConfig, DogStatsdBuckets)}, warming up with {@code warmUp}
   * datagrams.
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
      Chunk chunk = emptyChunk();
      while (!closing) {
        int before = chunk.buffer.position();
        if (channel.receive(chunk.buffer) != null) {
          chunk.lengths[chunk.count++] = chunk.buffer.position() - before;
          if (!chunk.hasRoom()) {
            filled.put(chunk);
            chunk = emptyChunk();
          }
          continue;
        }
        // The socket is empty: hand over what was read, then wait for the next datagram.
        if (chunk.count > 0) {
          filled.put(chunk);
          chunk = emptyChunk();
        }
        selector.select();
        selector.selectedKeys().clear();
      }
      if (chunk.count > 0) {
        filled.put(chunk);
      }
    } catch (ClosedChannelException e) {
      // close(): the normal way out
    } catch (IOException e) {
      if (!closing) {
        log.error("DogStatsD stopped reading its socket: {}", e.toString(), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      filled.offer(END); // room is kept for it: the queue holds MAX_CHUNKS + 1
    }
  }

  /** A chunk to fill: a recycled one, a new one while fewer than the bound exist, else wait. */
  private Chunk emptyChunk() throws InterruptedException {
    Chunk chunk = emptied.poll();
    if (chunk == null) {
      if (chunks < MAX_CHUNKS) {
        chunks++;
        return new Chunk();
      }
      chunk = emptied.take();
    }
    return chunk;
  }

  // ---- processor thread ----

  private void process() {
    byte[] data = new byte[CHUNK_BYTES];
    while (true) {
      Chunk chunk;
      try {
        chunk = filled.take();
      } catch (InterruptedException e) {
        return;
      }
      if (chunk == END) {
        return;
      }
      int size = chunk.buffer.position();
      chunk.buffer.get(0, data, 0, size);
      try {
        buckets.ingest(data, chunk.lengths, chunk.count);
      } catch (RuntimeException e) {
        // A bug, not bad input (the parser never throws): keep going, say so loudly.
        logError("DogStatsD datagrams could not be aggregated, still listening: {}", e);
      }
      chunk.clear();
      emptied.offer(chunk);
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
   * Stops reading, releases the port, and returns once every datagram already read is
   * aggregated.
   */
  @Override
  public void close() {
    closing = true;
    selector.wakeup();
    try {
      channel.close();
      selector.close();
    } catch (IOException e) {
      log.warn("closing the DogStatsD socket failed: {}", e.toString());
    }
    try {
      if (Thread.currentThread() != reader) {
        reader.join(5_000);
      } else {
        filled.offer(END);
      }
      processor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- warm-up ----

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
        new DogStatsdBuckets(Duration.ofSeconds(10), 1_000, false, Clock.systemUTC());
    byte[][] samples = warmUpDatagrams();
    ByteBuffer in = ByteBuffer.allocateDirect(CHUNK_BYTES);
    byte[] data = new byte[CHUNK_BYTES];
    int[] lengths = new int[1];
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    try (DatagramChannel receiving = DatagramChannel.open(StandardProtocolFamily.INET);
        DatagramChannel sending = DatagramChannel.open(StandardProtocolFamily.INET)) {
      receiving.bind(loopback);
      sending.connect(receiving.getLocalAddress());
      for (int i = 0; i < datagrams; i++) {
        sending.write(ByteBuffer.wrap(samples[i % samples.length]));
        in.clear();
        receiving.receive(in);
        lengths[0] = in.position();
        in.get(0, data, 0, lengths[0]);
        scratch.ingest(data, lengths, 1);
        if (i % 1_000 == 999) {
          scratch.drainClosed(0, true);
        }
      }
    } catch (IOException | RuntimeException e) {
      log.debug("DogStatsD warm-up skipped: {}", e.toString());
    }
  }

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
      datagrams[d] = text.toString().getBytes(StandardCharsets.UTF_8);
    }
    return datagrams;
  }
}
