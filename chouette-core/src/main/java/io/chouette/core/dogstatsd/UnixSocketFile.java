package io.chouette.core.dogstatsd;

import io.chouette.core.config.DogStatsdSocketsConfig;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a DogStatsD socket file, as the Agent's: a stale file left by a dead process is
 * replaced; a path held by a live listener, in a missing directory, or that is not a socket is a
 * configuration error; once bound the file gets {@code DOGSTATSD_SOCKET_MODE}; it is removed when
 * the server stops.
 */
public final class UnixSocketFile {

  private static final Logger log = LoggerFactory.getLogger(UnixSocketFile.class);

  private UnixSocketFile() {}

  /**
   * Checks both configured paths and removes stale socket files; returns one problem per bad path
   * ({@code KEY: ...}), empty when both can be bound.
   */
  public static List<String> prepare(DogStatsdSocketsConfig sockets) {
    List<String> problems = new ArrayList<>();
    prepare("DOGSTATSD_SOCKET", sockets.datagram(), problems);
    prepare("DOGSTATSD_STREAM_SOCKET", sockets.stream(), problems);
    return problems;
  }

  private static void prepare(String key, Path path, List<String> problems) {
    if (path == null) {
      return;
    }
    try {
      prepare(path);
    } catch (IOException e) {
      problems.add(key + ": " + e.getMessage());
    }
  }

  /**
   * Makes {@code path} ready to bind: its directory must exist, and a file already there must be a
   * socket nobody listens on, which is then removed.
   *
   * @throws IOException saying, in one line, why the path cannot be used
   */
  static void prepare(Path path) throws IOException {
    Path directory = path.toAbsolutePath().getParent();
    if (directory == null || !Files.isDirectory(directory)) {
      throw new IOException("the directory " + directory + " of " + path + " does not exist");
    }
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!isSocket(path)) {
      throw new IOException(path + " exists and is not a socket; remove it or choose another path");
    }
    if (hasListener(path)) {
      throw new IOException(
          path + " is held by a running process (another DogStatsD server?); stop it first");
    }
    Files.deleteIfExists(path);
  }

  private static boolean isSocket(Path path) throws IOException {
    Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    return mode instanceof Integer bits && (bits & 0170000) == 0140000; // S_IFSOCK
  }

  /** Whether a process still has the socket bound: a connection (of either kind) is accepted. */
  private static boolean hasListener(Path path) {
    try (SocketChannel stream = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      stream.connect(UnixDomainSocketAddress.of(path));
      return true;
    } catch (IOException e) {
      // refused: no stream listener; a datagram socket refuses a stream connection too
    }
    try (AFUNIXDatagramChannel datagram = AFUNIXDatagramChannel.open()) {
      datagram.connect(AFUNIXSocketAddress.of(path));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Gives the bound socket file {@code mode} ({@code DOGSTATSD_SOCKET_MODE}). */
  static void setMode(Path path, int mode) throws IOException {
    Files.setPosixFilePermissions(path, permissions(mode));
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_EXECUTE
    };
    for (int i = 0; i < order.length; i++) {
      if ((mode & (0400 >> i)) != 0) {
        permissions.add(order[i]);
      }
    }
    return permissions;
  }

  /** Removes the socket file when the server stops; a failure is only worth a warning. */
  static void remove(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      log.warn("DogStatsD could not remove its socket file {}: {}", path, e.toString());
    }
  }
}
