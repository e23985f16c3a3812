package io.chouette.core.dogstatsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chouette.core.config.DogStatsdSocketsConfig;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** The socket file's life, on real files and sockets: stale, live, missing, not a socket. */
class UnixSocketFileTest {

  @TempDir Path dir;

  @Test
  void aStaleSocketFileIsReplaced() throws IOException {
    Path path = dir.resolve("dsd.socket");
    AFUNIXDatagramChannel dead = AFUNIXDatagramChannel.open();
    dead.bind(AFUNIXSocketAddress.of(path));
    dead.setDeleteOnClose(false);
    dead.close(); // the file stays, as after a crash
    assertThat(path).exists();

    UnixSocketFile.prepare(path);

    assertThat(path).doesNotExist();
  }

  @Test
  void aLiveDatagramListenerStopsStartup() throws IOException {
    Path path = dir.resolve("dsd.socket");
    try (AFUNIXDatagramChannel live = AFUNIXDatagramChannel.open()) {
      live.bind(AFUNIXSocketAddress.of(path));
      assertThatThrownBy(() -> UnixSocketFile.prepare(path))
          .hasMessageContaining("is held by a running process");
      assertThat(path).exists();
    }
  }

  @Test
  void aLiveStreamListenerStopsStartup() throws IOException {
    Path path = dir.resolve("stream.socket");
    try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      live.bind(UnixDomainSocketAddress.of(path));
      assertThatThrownBy(() -> UnixSocketFile.prepare(path))
          .hasMessageContaining("is held by a running process");
    }
  }

  @Test
  void aMissingDirectoryOrAFileThatIsNoSocketStopsStartup() throws IOException {
    Path regular = Files.writeString(dir.resolve("not-a-socket"), "data");
    DogStatsdSocketsConfig sockets =
        new DogStatsdSocketsConfig(dir.resolve("missing/dsd.socket"), regular, 0722);

    assertThat(UnixSocketFile.prepare(sockets))
        .containsExactly(
            "DOGSTATSD_SOCKET: the directory "
                + dir.resolve("missing")
                + " of "
                + dir.resolve("missing/dsd.socket")
                + " does not exist",
            "DOGSTATSD_STREAM_SOCKET: "
                + regular
                + " exists and is not a socket; remove it or choose another path");
    assertThat(regular).hasContent("data");
  }

  @Test
  void modeBitsMapToPermissions() {
    assertThat(PosixFilePermissions.toString(UnixSocketFile.permissions(0722)))
        .isEqualTo("rwx-w--w-");
    assertThat(PosixFilePermissions.toString(UnixSocketFile.permissions(0660)))
        .isEqualTo("rw-rw----");
  }
}
