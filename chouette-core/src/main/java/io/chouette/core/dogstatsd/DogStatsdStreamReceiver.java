package io.chouette.core.dogstatsd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Unix stream socket {@code DOGSTATSD_STREAM_SOCKET}: many clients at once, each message framed
 * by its length as a 32-bit little-endian integer (the Agent's framing). One reader thread serves
 * every connection; it cuts the frames out of each connection's bytes into {@link Chunk}s, each
 * frame one datagram stamped with the client's pid (from its socket credentials, for origin
 * detection), and hands them to the same {@link ChunkProcessor} as the datagram transports.
 *
 * <p>A frame longer than {@value Chunk#MAX_DATAGRAM_BYTES} bytes cannot be a DogStatsD payload: it
 * is counted ({@link DogStatsdStat#FRAME_ERRORS}) and its connection closed, since the stream
 * cannot be trusted after it. At most {@value #MAX_CLIENTS} clients are served at once.
 */
final class DogStatsdStreamReceiver implements DogStatsdListener {

  static final int MAX_CLIENTS = 256;
  private static final long JOIN_MILLIS = 5_000;
  private static final Logger log = LoggerFactory.getLogger(DogStatsdReceiver.class);

  private final AFUNIXServerSocketChannel server;
  private final Path path;
  private final Selector selector;
  private final DogStatsdBuckets buckets;
  private final ChunkHandOver chunks = new ChunkHandOver();
  private final ChunkProcessor processor;
  private final Thread reader;
  private volatile boolean closing;
  private int clients; // reader thread only
  private Chunk chunk; // reader thread only

  private DogStatsdStreamReceiver(
      AFUNIXServerSocketChannel server, Path path, DogStatsdBuckets buckets) throws IOException {
    this.server = server;
    this.path = path;
    this.buckets = buckets;
    this.selector = server.provider().openSelector();
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
    this.processor = new ChunkProcessor(chunks, buckets, DogStatsdTransport.UDS_STREAM);
    this.reader = new Thread(this::read, "chouette-dogstatsd-reader-uds_stream");
    this.reader.setDaemon(true);
  }

  /**
   * Prepares {@code path} ({@link UnixSocketFile#prepare(Path)}), binds it, gives it {@code mode}
   * and starts serving; the file is removed on {@link #close()}.
   */
  static CompletableFuture<DogStatsdListener> start(Path path, int mode, DogStatsdBuckets buckets) {
    try {
      UnixSocketFile.prepare(path);
      AFUNIXServerSocketChannel server = AFUNIXServerSocketChannel.open();
      DogStatsdStreamReceiver receiver;
      try {
        server.bind(AFUNIXSocketAddress.of(path));
        UnixSocketFile.setMode(path, mode);
        receiver = new DogStatsdStreamReceiver(server, path, buckets);
      } catch (IOException | RuntimeException e) {
        server.close();
        UnixSocketFile.remove(path);
        throw e;
      }
      receiver.processor.start();
      receiver.reader.start();
      return CompletableFuture.completedFuture(receiver);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  // ---- reader thread ----

  private void read() {
    try {
      chunk = chunks.empty();
      while (!closing) {
        selector.select();
        // junixsocket's selected-key set does not support removal through its iterator
        for (SelectionKey key : selector.selectedKeys()) {
          if (key.channel() == server) {
            accept();
          } else {
            // junixsocket cancels the key of a client that hung up: what it sent is still read
            readFrom(key);
          }
        }
        selector.selectedKeys().clear();
        if (chunk.count > 0) {
          chunks.handOver(chunk);
          chunk = chunks.empty();
        }
      }
      if (chunk.count > 0) {
        chunks.handOver(chunk);
      }
    } catch (ClosedChannelException e) {
      // close() gave up waiting for this thread and closed the socket under it
    } catch (IOException e) {
      if (!closing) {
        log.error("DogStatsD stopped reading its stream socket: {}", e.toString(), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      chunks.end();
    }
  }

  private void accept() throws IOException {
    AFUNIXSocketChannel client = server.accept();
    if (client == null) {
      return;
    }
    if (clients >= MAX_CLIENTS) {
      log.warn("DogStatsD stream socket: {} clients already, one more refused", MAX_CLIENTS);
      client.close();
      return;
    }
    client.configureBlocking(false);
    client.register(selector, SelectionKey.OP_READ, new StreamFrames(peerPid(client)));
    clients++;
  }

  private static int peerPid(AFUNIXSocketChannel client) {
    try {
      long pid = client.getPeerCredentials().getPid();
      return pid > 0 && pid <= Integer.MAX_VALUE ? (int) pid : 0;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Reads and cuts frames until the connection has nothing more; closes it when it ended. */
  private void readFrom(SelectionKey key) throws InterruptedException {
    AFUNIXSocketChannel client = (AFUNIXSocketChannel) key.channel();
    StreamFrames frames = (StreamFrames) key.attachment();
    boolean open = true;
    int read;
    do {
      try {
        read = frames.readFrom(client);
      } catch (IOException e) {
        read = -1; // reset by the peer: what it sent in full is kept
      }
      if (read < 0) {
        open = false;
      }
      if (!takeFrames(frames)) {
        buckets.countFrameError();
        log.warn(
            "DogStatsD stream socket: a frame longer than {} bytes, connection closed",
            Chunk.MAX_DATAGRAM_BYTES);
        open = false;
        break;
      }
    } while (read > 0);
    // junixsocket cancels the key of a client that hung up, and then reads 0, not -1
    if (!open || !key.isValid()) {
      key.cancel();
      clients--;
      try {
        client.close();
      } catch (IOException e) {
        // gone either way
      }
    }
  }

  /** Moves every complete frame into chunks; false at a frame too long to be a payload. */
  private boolean takeFrames(StreamFrames frames) throws InterruptedException {
    while (true) {
      int length = frames.nextFrame();
      if (length == StreamFrames.INCOMPLETE) {
        return true;
      }
      if (length == StreamFrames.TOO_LONG) {
        return false;
      }
      frames.copyFrame(chunk);
      if (!chunk.hasRoom()) {
        chunks.handOver(chunk);
        chunk = chunks.empty();
      }
    }
  }

  @Override
  public DogStatsdTransport transport() {
    return DogStatsdTransport.UDS_STREAM;
  }

  @Override
  public String describe() {
    return DogStatsdTransport.UDS_STREAM.scheme() + "://" + path;
  }

  @Override
  public Optional<InetSocketAddress> udpAddress() {
    return Optional.empty();
  }

  @Override
  public int receiveBufferBytes() {
    return -1;
  }

  /**
   * Stops accepting and reading, closes every connection, removes the socket file, and returns once
   * every frame already read is aggregated.
   */
  @Override
  public void close() {
    closing = true;
    selector.wakeup();
    try {
      reader.join(JOIN_MILLIS);
      closeSockets();
      processor.join(JOIN_MILLIS);
    } catch (InterruptedException e) {
      closeSockets();
      Thread.currentThread().interrupt();
    }
  }

  private void closeSockets() {
    try {
      for (SelectionKey key : selector.keys()) {
        key.channel().close();
      }
      server.close();
      selector.close();
    } catch (IOException | RuntimeException e) {
      log.warn("closing the DogStatsD stream socket failed: {}", e.toString());
    }
    UnixSocketFile.remove(path);
  }
}
