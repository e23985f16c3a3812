package io.chouette.core.dogstatsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Both ways of reading the Unix datagram socket, on a real socket with a real client socket:
 * several datagrams a call ({@link BatchedUnixDatagramReads}, {@code recvmmsg(2)}) and one a call
 * ({@link SingleUnixDatagramReads}, where {@code recvmmsg} cannot be called). Each datagram comes
 * back whole and in order, whatever its size up to {@link Chunk#MAX_DATAGRAM_BYTES}; an empty
 * datagram or a receive timeout is nothing, and the reads go on. Asked for, the batched reads give
 * each datagram's sending process.
 */
class UnixDatagramReadsIT {

  private static final int TIMEOUT_MILLIS = 100;

  /** Fewer datagrams than a Unix datagram queue holds by default (10), sent before any receive. */
  private static final int QUEUED = 8;

  @TempDir Path dir;
  private Path socket;
  private AFUNIXDatagramChannel server;
  private AFUNIXDatagramChannel client;

  @BeforeEach
  void open() throws IOException {
    socket = dir.resolve("dsd.socket");
    server = AFUNIXDatagramChannel.open();
    server.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
    server.bind(AFUNIXSocketAddress.of(socket));
    server.configureBlocking(true);
    server.socket().setSoTimeout(TIMEOUT_MILLIS);
    client = AFUNIXDatagramChannel.open();
    client.connect(AFUNIXSocketAddress.of(socket));
  }

  @AfterEach
  void close() throws IOException {
    client.close();
    server.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"batched", "single"})
  void everyDatagramComesBackWholeAndInOrder(String kind) throws IOException {
    UnixDatagramReads reads = reads(kind);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      // 13 bytes up to 64 KiB: small ones, and every so often one as large as a read takes
      sent.add(i % 250 == 7 ? large(i) : "requests:" + i + "|c");
    }
    // the socket's queue holds only a few datagrams (net.unix.max_dgram_qlen): send while reading
    CompletableFuture<Void> sending =
        CompletableFuture.runAsync(
            () -> {
              for (String datagram : sent) {
                sendUnchecked(datagram);
              }
            });

    assertThat(receiveAll(reads, sent.size())).containsExactlyElementsOf(sent);
    sending.join();
  }

  @Test
  void oneReceiveTakesEveryDatagramWaiting() throws IOException {
    UnixDatagramReads reads = reads("batched");
    for (int i = 0; i < QUEUED; i++) {
      send("requests:" + i + "|c");
    }

    assertThat(reads.receive()).isEqualTo(QUEUED);
    for (int i = 0; i < QUEUED; i++) {
      assertThat(reads.length(i)).isEqualTo(("requests:" + i + "|c").length());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"batched", "single"})
  void anEmptyDatagramIsNothingAndTheNextIsRead(String kind) throws IOException {
    UnixDatagramReads reads = reads(kind);
    sendEmpty();
    send("requests:1|c");

    assertThat(receiveAll(reads, 1)).containsExactly("requests:1|c");
  }

  @ParameterizedTest
  @ValueSource(strings = {"batched", "single"})
  void aReceiveTimeoutTakesNothingAndTheReadsGoOn(String kind) throws IOException {
    UnixDatagramReads reads = reads(kind);

    long started = System.nanoTime();
    assertThat(reads.receive()).isZero();
    assertThat((System.nanoTime() - started) / 1_000_000).isBetween(TIMEOUT_MILLIS - 10L, 2_000L);

    send("requests:1|c");
    assertThat(receiveAll(reads, 1)).containsExactly("requests:1|c");
  }

  @ParameterizedTest
  @ValueSource(strings = {"batched", "single"})
  void aDatagramLargerThanAReadTakesIsCutThereAndTheNextComesWhole(String kind) throws IOException {
    UnixDatagramReads reads = reads(kind);
    String oversized = large(1).repeat(2); // 128 KiB: Unix datagrams may exceed UDP's limit
    send(oversized);
    send("requests:1|c");

    assertThat(receiveAll(reads, 2))
        .containsExactly(oversized.substring(0, Chunk.MAX_DATAGRAM_BYTES), "requests:1|c");
  }

  @Test
  void askedForSenderPidsEachDatagramCarriesItsSendersPid() throws Exception {
    UnixDatagramReads reads = BatchedUnixDatagramReads.open(server, true);
    send("requests:1|c");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ChildSender.class.getName(),
                socket.toString())
            .inheritIO()
            .start();
    assertThat(child.waitFor()).as("the child sender's exit status").isZero();

    List<Integer> pids = new ArrayList<>();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (pids.size() < 2 && System.nanoTime() < deadline) {
      int taken = reads.receive();
      for (int i = 0; i < taken; i++) {
        pids.add(reads.pid(i));
      }
    }

    assertThat(pids).containsExactly((int) ProcessHandle.current().pid(), (int) child.pid());
  }

  @ParameterizedTest
  @ValueSource(strings = {"batched", "single"})
  void withoutSenderPidsAskedForThePidIsUnknown(String kind) throws IOException {
    UnixDatagramReads reads = reads(kind);
    send("requests:1|c");

    assertThat(reads.receive()).isOne();
    assertThat(reads.pid(0)).isZero();
  }

  /** Sends one datagram to the socket named by its argument, from a process of its own. */
  public static final class ChildSender {
    public static void main(String[] args) throws IOException {
      try (AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open()) {
        channel.send(
            ByteBuffer.wrap("requests:2|c".getBytes(StandardCharsets.UTF_8)),
            AFUNIXSocketAddress.of(Path.of(args[0])));
      }
    }
  }

  @Test
  void aFailedReceiveThrowsWithTheErrorNumber() throws IOException {
    UnixDatagramReads reads = BatchedUnixDatagramReads.open(server, true);
    server.close();

    assertThatThrownBy(reads::receive)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("recvmmsg")
        .hasMessageContaining("errno 9"); // EBADF
  }

  private UnixDatagramReads reads(String kind) throws IOException {
    return kind.equals("batched")
        ? BatchedUnixDatagramReads.open(server, false)
        : SingleUnixDatagramReads.open(server);
  }

  /** The non-empty datagrams of receives until {@code count} have come, as text. */
  private static List<String> receiveAll(UnixDatagramReads reads, int count) throws IOException {
    List<String> received = new ArrayList<>();
    ByteBuffer chunk = ByteBuffer.allocateDirect(Chunk.BYTES);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (received.size() < count && System.nanoTime() < deadline) {
      int taken = reads.receive();
      for (int i = 0; i < taken; i++) {
        int length = reads.length(i);
        if (length == 0) {
          continue;
        }
        chunk.clear();
        reads.copyTo(i, chunk);
        assertThat(chunk.position()).as("bytes appended").isEqualTo(length);
        byte[] bytes = new byte[length];
        chunk.flip().get(bytes);
        received.add(new String(bytes, StandardCharsets.UTF_8));
      }
    }
    return received;
  }

  /** 64 KiB of metric lines, the largest datagram a read takes whole. */
  private static String large(int seed) {
    char[] line = ("payload.size:" + seed + "|h\n").toCharArray();
    char[] datagram = new char[Chunk.MAX_DATAGRAM_BYTES];
    for (int i = 0; i < datagram.length; i++) {
      datagram[i] = line[i % line.length];
    }
    return new String(datagram);
  }

  private void send(String datagram) throws IOException {
    client.write(ByteBuffer.wrap(datagram.getBytes(StandardCharsets.UTF_8)));
  }

  private void sendUnchecked(String datagram) {
    try {
      send(datagram);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** junixsocket sends nothing for an empty buffer; jnr-unixsocket sends an empty datagram. */
  private void sendEmpty() throws IOException {
    try (UnixDatagramChannel empty = UnixDatagramChannel.open()) {
      assertThat(empty.send(ByteBuffer.allocate(0), new UnixSocketAddress(socket.toFile())))
          .isZero();
    }
  }
}
