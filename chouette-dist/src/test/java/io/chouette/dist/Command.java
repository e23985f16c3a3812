package io.chouette.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A process started with a clean environment (PATH plus the given variables), output captured. */
final class Command implements AutoCloseable {

  private final List<String> command;
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private Command(List<String> command, Path directory, Map<String, String> env)
      throws IOException {
    this.command = List.copyOf(command);
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().putAll(env);
    process = builder.start();
    reader = new Thread(this::readOutput, "command-output");
    reader.setDaemon(true);
    reader.start();
  }

  static Command start(List<String> command, Path directory, Map<String, String> env)
      throws IOException {
    return new Command(command, directory, env);
  }

  /** Runs to the end (at most {@code timeout}) and fails unless the exit status is 0. */
  static String run(Duration timeout, String... command) throws Exception {
    try (Command run = start(List.of(command), Path.of("."), Map.of())) {
      int status = run.awaitExit(timeout);
      if (status != 0) {
        throw new AssertionError(
            String.join(" ", command) + " exited with " + status + ":\n" + run.output());
      }
      return run.output();
    }
  }

  private void readOutput() {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      // the process went away: nothing more to read
    }
  }

  /** Waits for a line matching {@code condition}; fails with the output so far. */
  void awaitLine(Predicate<String> condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (lines.stream().anyMatch(condition)) {
        return;
      }
      if (!process.isAlive() && !reader.isAlive()) {
        break;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "no matching line within " + timeout + " from " + command + "; output:\n" + output());
  }

  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not exit within " + timeout + ":\n" + output());
    }
    reader.join(2000);
    return process.exitValue();
  }

  /** Sends SIGTERM, through the handle so that our end of the output stays open. */
  void terminate() {
    process.toHandle().destroy();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  String output() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
