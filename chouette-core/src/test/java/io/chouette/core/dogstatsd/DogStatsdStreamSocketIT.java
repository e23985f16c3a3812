package io.chouette.core.dogstatsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.testing.MutableClock;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream socket with a plain client writing the Agent's framing (a 32-bit little-endian length,
 * then the payload): frames split across writes and several in one write, many clients at once, and
 * a frame too long to be a payload, which closes only its own connection.
 */
class DogStatsdStreamSocketIT {

  @TempDir Path dir;

  private static ByteBuffer frame(String payload) {
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    ByteBuffer frame = ByteBuffer.allocate(4 + bytes.length).order(ByteOrder.LITTLE_ENDIAN);
    frame.putInt(bytes.length).put(bytes).flip();
    return frame;
  }

  private static SocketChannel connect(Path path) throws IOException {
    SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX);
    client.connect(UnixDomainSocketAddress.of(path));
    return client;
  }

  @Test
  void framesFromManyClientsAreAggregatedAndABadFrameClosesOnlyItsConnection() throws Exception {
    Path path = dir.resolve("stream.socket");
    DogStatsdBuckets buckets =
        new DogStatsdBuckets(
            Duration.ofSeconds(10), 1_000, true, MutableClock.atSeconds(1_600_000_000L));
    DogStatsdListener receiver =
        DogStatsdStreamReceiver.start(path, 0722, buckets).get(5, TimeUnit.SECONDS);
    try {
      List<SocketChannel> clients = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        clients.add(connect(path));
      }
      for (int round = 0; round < 250; round++) {
        for (SocketChannel client : clients) {
          // two frames in one write, then one frame cut in three writes
          ByteBuffer both = ByteBuffer.allocate(64);
          both.put(frame("app.hits:1|c")).put(frame("app.level:" + round + "|g")).flip();
          write(client, both);
          ByteBuffer cut = frame("app.lat:2:3|h\napp.users:u" + round + "|s");
          for (int limit : new int[] {2, 9, cut.capacity()}) {
            cut.limit(limit);
            write(client, cut);
          }
        }
      }
      SocketChannel bad = connect(path);
      ByteBuffer tooLong = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      tooLong.putInt(Chunk.MAX_DATAGRAM_BYTES + 1).putInt(0).flip();
      write(bad, tooLong);
      assertThat(bad.read(ByteBuffer.allocate(1))).isEqualTo(-1); // closed by the server

      // a client that writes and hangs up at once: what it sent still counts
      try (SocketChannel brief = connect(path)) {
        for (int i = 0; i < 2_000; i++) {
          write(brief, frame("app.bye:1|c|#client:brief"));
        }
      }
      write(clients.get(0), frame("_e{4,3}:done|end"));
      // each connection is read in turn: wait for every frame, not only the last one written
      awaitPackets(buckets, 4 * 250 * 3 + 2_000 + 1);
      for (SocketChannel client : clients) {
        client.close();
      }

      assertThat(buckets.totals().get(DogStatsdTransport.UDS_STREAM, DogStatsdStat.PACKETS))
          .isEqualTo(4 * 250 * 3 + 2_000 + 1);
      assertThat(buckets.totals().get(DogStatsdTransport.UDS_STREAM, DogStatsdStat.FRAME_ERRORS))
          .isEqualTo(1);
      assertThat(buckets.totals().samples()).isEqualTo(4 * 250 * (1 + 1 + 2 + 1) + 2_000);
      assertThat(buckets.totals().get(DogStatsdStat.METRIC_ERRORS)).isZero();
    } finally {
      receiver.close();
    }
    assertThat(path).doesNotExist();
  }

  private static void write(SocketChannel client, ByteBuffer data) throws IOException {
    while (data.hasRemaining()) {
      client.write(data);
    }
  }

  private static void awaitPackets(DogStatsdBuckets buckets, long packets)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (buckets.totals().packets() < packets && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(buckets.totals().events()).isEqualTo(1);
  }
}
