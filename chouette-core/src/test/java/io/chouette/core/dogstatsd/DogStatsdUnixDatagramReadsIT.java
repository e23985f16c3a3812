package io.chouette.core.dogstatsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.config.DogStatsdConfig;
import io.chouette.core.testing.MutableClock;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * What the reader of the Unix datagram socket takes from the socket, sent by a real client socket:
 * every datagram whole (the largest a default client socket can send, a burst of more datagrams
 * than a chunk holds), an empty datagram or a receive timeout read as nothing without ending the
 * reads, and a reader idle on an empty socket stopped by {@link DogStatsdReceiver#close()}.
 */
class DogStatsdUnixDatagramReadsIT {

  private static final long T0 = 1_600_000_000L;

  @TempDir Path dir;
  private Path socket;
  private DogStatsdBuckets buckets;
  private DogStatsdReceiver receiver;
  private AFUNIXDatagramChannel client;

  @BeforeEach
  void start() throws Exception {
    socket = dir.resolve("dsd.socket");
    buckets =
        new DogStatsdBuckets(
            Duration.ofSeconds(10),
            100_000,
            false,
            MutableClock.atSeconds(T0),
            DogStatsdConfig.Distributions.HISTOGRAM);
    receiver =
        DogStatsdReceiver.startUnix(socket, 0722, 0, false, buckets, 0).get(10, TimeUnit.SECONDS);
    client = AFUNIXDatagramChannel.open();
    client.connect(AFUNIXSocketAddress.of(socket));
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    receiver.close();
  }

  @Test
  void anEmptyDatagramReadsAsNothingAndTheReadsGoOn() throws Exception {
    sendEmpty();
    send("requests:1|c");
    sendEmpty();
    send("requests:2|c\nrequests:3|c");

    awaitSamples(3);
    assertThat(buckets.totals().packets()).isEqualTo(2);
    assertThat(buckets.totals().parseErrors()).isZero();
  }

  @Test
  void theLargestDatagramArrivesWhole() throws Exception {
    StringBuilder datagram = new StringBuilder();
    int lines = 0;
    // 64 KiB, less than a default client socket's send buffer
    while (datagram.length() < 64 * 1024 - 40) {
      datagram.append("payload.size:").append(lines % 1_000).append("|h|#kind:json\n");
      lines++;
    }
    send(datagram.toString());

    awaitSamples(lines);
    assertThat(buckets.totals().packets()).isEqualTo(1);
    assertThat(buckets.totals().parseErrors()).isZero();
  }

  @Test
  void aBurstOfMoreDatagramsThanAChunkHoldsIsReadInFull() throws Exception {
    int datagrams = 20_000;
    for (int i = 0; i < datagrams; i++) {
      send("requests:1|c|#route:" + i % 10);
    }

    awaitSamples(datagrams);
    assertThat(buckets.totals().packets()).isEqualTo(datagrams);
  }

  @Test
  void readsGoOnAfterReceiveTimeoutsAndCloseStopsAReaderWaitingOnAnEmptySocket() throws Exception {
    send("requests:1|c");
    awaitSamples(1);
    Thread.sleep(350); // three of the reader's 100 ms receive timeouts
    send("requests:1|c");
    awaitSamples(2);

    long started = System.nanoTime();
    receiver.close();

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(socket).doesNotExist();
    assertThat(buckets.totals().samples()).as("the wake-up call is no datagram").isEqualTo(2);
  }

  private void send(String datagram) throws Exception {
    client.write(ByteBuffer.wrap(datagram.getBytes(StandardCharsets.UTF_8)));
  }

  /** junixsocket sends nothing for an empty buffer; jnr-unixsocket sends an empty datagram. */
  private void sendEmpty() throws Exception {
    try (UnixDatagramChannel empty = UnixDatagramChannel.open()) {
      assertThat(empty.send(ByteBuffer.allocate(0), new UnixSocketAddress(socket.toFile())))
          .isZero();
    }
  }

  private void awaitSamples(long samples) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (buckets.totals().samples() < samples && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(buckets.totals().samples()).as("samples aggregated").isEqualTo(samples);
  }
}
