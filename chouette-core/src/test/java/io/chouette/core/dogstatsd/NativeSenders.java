package io.chouette.core.dogstatsd;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The native senders of {@link DogStatsdLoadGenerator} ({@code --sender native}): the C program
 * {@code src/test/c/dogstatsd-sender.c}, compiled with gcc, offers the pool as the Java senders do
 * for less CPU per datagram, one process per sending thread. The pool goes to it in a file of
 * records: the datagram's byte length and its line count (two 32-bit little-endian integers), then
 * its bytes.
 */
final class NativeSenders {

  /** Where the C source lies, relative to the project's root. */
  static final String DEFAULT_SOURCE = "chouette-core/src/test/c/dogstatsd-sender.c";

  private static final Pattern RESULT =
      Pattern.compile(
          "sent (\\d+) lines in (\\d+) datagrams, (\\d+) lines skipped, (\\d+) send errors,"
              + " [0-9.]+ s, [0-9.]+ s CPU");

  private final Path binary;
  private final int batch;

  private NativeSenders(Path binary, int batch) {
    this.binary = binary;
    this.batch = batch;
  }

  /**
   * Compiles {@code source} into a temporary directory; a clear error if that cannot be done. The
   * senders hand the kernel up to {@code batch} datagrams a system call (1: one send per datagram).
   */
  static NativeSenders compile(Path source, int batch) throws IOException, InterruptedException {
    if (!Files.isRegularFile(source)) {
      throw new IllegalStateException(
          "--sender native: no C source at "
              + source.toAbsolutePath()
              + " (run from the project's root, or give --sender-source)");
    }
    Path dir = Files.createTempDirectory("chouette-sender-");
    dir.toFile().deleteOnExit();
    Path binary = dir.resolve("dogstatsd-sender");
    List<String> command =
        List.of(
            "gcc",
            "-O2",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-o",
            binary.toString(),
            source.toString());
    Process gcc;
    try {
      gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "--sender native needs gcc on the PATH to compile " + source + ": " + e.getMessage(), e);
    }
    String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (gcc.waitFor() != 0) {
      throw new IllegalStateException(
          "--sender native: compiling "
              + source
              + " failed:\n"
              + String.join(" ", command)
              + "\n"
              + output);
    }
    binary.toFile().deleteOnExit();
    return new NativeSenders(binary, batch);
  }

  /** The pool in a temporary file of records (length, lines, bytes), for the native senders. */
  static Path writePool(List<DogStatsdTraffic.Datagram> pool) throws IOException {
    Path file = Files.createTempFile("chouette-pool-", ".bin");
    file.toFile().deleteOnExit();
    ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      for (DogStatsdTraffic.Datagram datagram : pool) {
        header.clear();
        header.putInt(datagram.bytes().length).putInt(datagram.lines());
        out.write(header.array());
        out.write(datagram.bytes());
      }
    }
    return file;
  }

  /**
   * Offers the pool in {@code poolFile} with {@code threads} processes, the pool split between them
   * as between the Java sender threads, {@code rate / threads} lines/s each for {@code seconds};
   * waits for them, prints their result lines (with their own CPU time) and adds their counts to
   * the counters.
   */
  void send(
      String transport,
      int port,
      Path socket,
      Path poolFile,
      int threads,
      long rate,
      int seconds,
      AtomicLong offered,
      AtomicLong datagrams,
      AtomicLong skipped,
      AtomicLong sendErrors)
      throws IOException, InterruptedException {
    String target = transport.equals("udp") ? String.valueOf(port) : socket.toString();
    List<Process> processes = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      processes.add(
          new ProcessBuilder(
                  binary.toString(),
                  "--transport",
                  transport,
                  "--target",
                  target,
                  "--pool",
                  poolFile.toString(),
                  "--rate",
                  String.valueOf(rate / threads),
                  "--seconds",
                  String.valueOf(seconds),
                  "--first",
                  String.valueOf(t),
                  "--step",
                  String.valueOf(threads),
                  "--batch",
                  String.valueOf(batch))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start());
    }
    List<String> failures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Process process = processes.get(t);
      // One short line on stdout, read once the process is done.
      if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        failures.add("pid " + process.pid() + " still running " + (seconds + 60) + " s on");
        continue;
      }
      String output =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      Matcher result = RESULT.matcher(output);
      if (process.exitValue() != 0 || !result.find()) {
        failures.add(
            "pid " + process.pid() + " exit " + process.exitValue() + ": '" + output + "'");
        continue;
      }
      System.out.printf(Locale.ROOT, "native sender %d: %s%n", t, output);
      offered.addAndGet(Long.parseLong(result.group(1)));
      datagrams.addAndGet(Long.parseLong(result.group(2)));
      skipped.addAndGet(Long.parseLong(result.group(3)));
      sendErrors.addAndGet(Long.parseLong(result.group(4)));
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("native senders failed: " + failures);
    }
  }
}
