package io.chouette.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The packaged agent with DogStatsD on Unix sockets only ({@code DOGSTATSD_PORT=0}): a stale file
 * replaced, the Agent's mode, metrics received over both sockets, the files removed on SIGTERM; a
 * path held by a live listener, in a missing directory or that is no socket, exit 2 in one line.
 */
class UnixSocketMainIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Map<String, String> env(Path datagram, Path stream) {
    Map<String, String> env = new HashMap<>();
    env.put("API_KEY", "it-secret-key");
    env.put("GLOBAL_TAGS", "[\"env:it\"]");
    env.put("CHOUETTE_STORAGE_TYPE", "memory");
    env.put("DOGSTATSD_PORT", "0");
    env.put("DOGSTATSD_SOCKET", datagram.toString());
    env.put("DOGSTATSD_STREAM_SOCKET", stream.toString());
    env.put("DATADOG_URL", "http://127.0.0.1:9/api");
    env.put("DATADOG_LOGS_URL", "http://127.0.0.1:9");
    return env;
  }

  @Test
  void socketOnlyStartsOverAStaleFileAndRemovesItsSocketsOnSigterm() throws Exception {
    Path datagram = dir.resolve("dsd.socket");
    Path stream = dir.resolve("dsd-stream.socket");
    AFUNIXDatagramChannel crashed = AFUNIXDatagramChannel.open();
    crashed.bind(AFUNIXSocketAddress.of(datagram));
    crashed.setDeleteOnClose(false);
    crashed.close(); // left behind, as by a killed process

    try (ChouetteProcess chouette = ChouetteProcess.jar(env(datagram, stream))) {
      chouette.awaitLine(line -> line.contains("listening on uds_stream:"), Duration.ofSeconds(30));
      assertThat(messages(chouette))
          .contains("DogStatsD listening on uds://" + datagram)
          .contains("DogStatsD listening on uds_stream://" + stream)
          .doesNotContain("listening on udp://");
      for (Path socket : new Path[] {datagram, stream}) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
            .isEqualTo("rwx-w--w-");
      }
      try (AFUNIXDatagramChannel client = AFUNIXDatagramChannel.open()) {
        client.send(
            ByteBuffer.wrap("it.hits:1|c".getBytes(StandardCharsets.UTF_8)),
            AFUNIXSocketAddress.of(datagram));
      }
      try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        client.connect(UnixDomainSocketAddress.of(stream));
        byte[] payload = "it.hits:2|c".getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(4 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(payload.length).put(payload).flip();
        client.write(frame);
      }
      Thread.sleep(500); // let the reader threads take the two packets

      chouette.terminate();

      assertThat(chouette.awaitExit(Duration.ofSeconds(15))).isZero();
      assertThat(chouette.output())
          .contains("DogStatsD server stopped listening: 2 packets, 2 metric lines, 2 samples")
          .doesNotContain("\tat ");
      assertThat(datagram).doesNotExist();
      assertThat(stream).doesNotExist();
    }
  }

  @Test
  void aPathHeldByALiveListenerStopsStartupWithOneLine() throws Exception {
    Path datagram = dir.resolve("dsd.socket");
    try (AFUNIXDatagramChannel live = AFUNIXDatagramChannel.open()) {
      live.bind(AFUNIXSocketAddress.of(datagram));
      try (ChouetteProcess chouette =
          ChouetteProcess.jar(env(datagram, dir.resolve("stream.socket")))) {
        assertThat(chouette.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
        assertThat(chouette.lines()).hasSize(1);
        JsonNode line = JSON.readTree(chouette.lines().get(0));
        assertThat(line.get("formattedMessage").asText())
            .contains("DOGSTATSD_SOCKET: " + datagram + " is held by a running process");
      }
      assertThat(datagram).exists();
    }
  }

  @Test
  void aMissingDirectoryOrAFileThatIsNoSocketStopsStartup() throws Exception {
    Path regular = Files.writeString(dir.resolve("notes.txt"), "keep me");
    try (ChouetteProcess chouette =
        ChouetteProcess.jar(env(dir.resolve("nowhere/dsd.socket"), regular))) {
      assertThat(chouette.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(chouette.lines()).hasSize(1);
      assertThat(messages(chouette))
          .contains("DOGSTATSD_SOCKET: the directory " + dir.resolve("nowhere"))
          .contains("DOGSTATSD_STREAM_SOCKET: " + regular + " exists and is not a socket");
    }
    assertThat(regular).hasContent("keep me");
  }

  /** The log messages, unescaped from their JSON lines. */
  private static String messages(ChouetteProcess chouette) throws Exception {
    StringBuilder messages = new StringBuilder();
    for (String line : chouette.lines()) {
      messages.append(JSON.readTree(line).get("formattedMessage").asText()).append('\n');
    }
    return messages.toString();
  }
}
