package io.chouette.storage.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Makes a directory and the files in it unwritable for real, and writable again. As root, {@code
 * chmod} does not stop writes, so there the immutable attribute ({@code chattr +i}) is used: the
 * kernel then refuses writes even through file descriptors already open.
 */
final class ReadOnlyDirectory implements AutoCloseable {

  private final Path dir;
  private final List<Path> locked = new ArrayList<>();

  private ReadOnlyDirectory(Path dir) {
    this.dir = dir;
  }

  static ReadOnlyDirectory lock(Path dir) throws IOException, InterruptedException {
    ReadOnlyDirectory readOnly = new ReadOnlyDirectory(dir);
    List<Path> targets = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(Files::isRegularFile).forEach(targets::add);
    }
    targets.add(dir);
    for (Path target : targets) {
      readOnly.set(target, true);
      readOnly.locked.add(target);
    }
    return readOnly;
  }

  static boolean isRoot() throws IOException, InterruptedException {
    Process id = new ProcessBuilder("id", "-u").start();
    String uid = new String(id.getInputStream().readAllBytes()).trim();
    id.waitFor();
    return "0".equals(uid);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    for (Path target : locked) {
      set(target, false);
    }
    locked.clear();
  }

  private void set(Path target, boolean readOnly) throws IOException, InterruptedException {
    if (isRoot()) {
      run("chattr", readOnly ? "+i" : "-i", target.toString());
    } else if (Files.isDirectory(target)) {
      Files.setPosixFilePermissions(
          target, PosixFilePermissions.fromString(readOnly ? "r-xr-xr-x" : "rwxr-xr-x"));
    } else {
      Files.setPosixFilePermissions(
          target, PosixFilePermissions.fromString(readOnly ? "r--r--r--" : "rw-r--r--"));
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }

  Path dir() {
    return dir;
  }
}
