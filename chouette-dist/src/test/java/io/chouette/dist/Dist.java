package io.chouette.dist;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Where {@code mvn package} put the distribution, and an agent configuration that runs here. */
final class Dist {

  static final Path TARGET = Path.of("target").toAbsolutePath();

  /** The tarball's tree, unpacked by the build. */
  static final Path HOME = TARGET.resolve("chouette");

  static final Path SOURCES = Path.of("src").toAbsolutePath();

  private Dist() {}

  static Path launcher() {
    return existing(HOME.resolve("bin/chouette"));
  }

  static Path tarball() throws IOException {
    return single("chouette-*.tar.gz");
  }

  static Path deb() throws IOException {
    return single("chouette_*_all.deb");
  }

  private static Path single(String glob) throws IOException {
    try (Stream<Path> files = Files.list(TARGET)) {
      List<Path> found =
          files
              .filter(
                  f -> f.getFileSystem().getPathMatcher("glob:" + glob).matches(f.getFileName()))
              .toList();
      if (found.size() != 1) {
        throw new AssertionError(
            "expected one " + glob + " in " + TARGET + ", found " + found + ": run 'mvn verify'");
      }
      return found.get(0);
    }
  }

  private static Path existing(Path path) {
    if (!Files.exists(path)) {
      throw new AssertionError(path + " is missing: run the tests with 'mvn verify'");
    }
    return path;
  }

  /** A configuration with the memory store, no UDP, nothing reachable to send to. */
  static Map<String, String> memoryAgent(int healthPort) {
    return Map.of(
        "API_KEY", "dist-test",
        "GLOBAL_TAGS", "[\"env:it\"]",
        "CHOUETTE_STORAGE_TYPE", "memory",
        "DOGSTATSD_PORT", "0",
        "HEALTH_PORT", String.valueOf(healthPort),
        "DATADOG_URL", "http://127.0.0.1:9/api",
        "DATADOG_LOGS_URL", "http://127.0.0.1:9");
  }

  static int freeTcpPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The JVM flags of a jvm.options file: its lines, trimmed, without blanks and comments. */
  static List<String> jvmOptions(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
  }

  /** The command line of a running process, from /proc. */
  static List<String> cmdline(long pid) throws IOException {
    String raw = Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline"));
    return List.of(raw.split("\0"));
  }
}
