package io.chouette.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real agent in a process of its own: {@code java -jar target/chouette.jar} (or a main class on
 * the test class path), with a chosen environment and its output captured line by line.
 */
final class ChouetteProcess implements AutoCloseable {

  static final Path JAR = Path.of("target", "chouette.jar");

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private ChouetteProcess(List<String> command, Map<String, String> env) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().putAll(env);
    process = builder.start();
    reader =
        new Thread(
            () -> {
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
            },
            "chouette-process-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the packaged jar. */
  static ChouetteProcess jar(Map<String, String> env, String... args) throws IOException {
    return jar(List.of(), env, args);
  }

  /** Starts the packaged jar with these JVM options before {@code -jar}. */
  static ChouetteProcess jar(List<String> jvmOptions, Map<String, String> env, String... args)
      throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(
          JAR.toAbsolutePath() + " is missing: run the tests with 'mvn verify', which packages it");
    }
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(List.of(args));
    return new ChouetteProcess(command, env);
  }

  /** Starts a command, such as the launcher bin/chouette. */
  static ChouetteProcess command(List<String> command, Map<String, String> env) throws IOException {
    return new ChouetteProcess(command, env);
  }

  /** Starts a main class from this JVM's class path (test helpers). */
  static ChouetteProcess mainClass(Class<?> main, Map<String, String> env) throws IOException {
    return new ChouetteProcess(
        List.of(javaBinary(), "-cp", System.getProperty("java.class.path"), main.getName()), env);
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Waits for a line matching {@code condition}; fails with the output so far. */
  String awaitLine(Predicate<String> condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : lines) {
        if (condition.test(line)) {
          return line;
        }
      }
      if (!process.isAlive() && !reader.isAlive()) {
        break;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no matching line within " + timeout + "; output:\n" + output());
  }

  /**
   * Sends SIGTERM. Through the process handle: {@code Process.destroy()} would also close our end
   * of its output, losing what it logs while it shuts down.
   */
  void terminate() {
    process.toHandle().destroy();
  }

  /** Sends SIGKILL. */
  void kill() {
    process.toHandle().destroyForcibly();
  }

  /** Waits for the exit status; kills the process and fails if it does not exit in time. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("did not exit within " + timeout + "; output:\n" + output());
    }
    reader.join(2000);
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** "running", or the exit status once the process has ended. */
  String state() {
    return process.isAlive() ? "running" : "exited with status " + process.exitValue();
  }

  /** The last {@code count} lines of output. */
  String tail(int count) {
    List<String> all = lines();
    return String.join("\n", all.subList(Math.max(0, all.size() - count), all.size()));
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  String output() {
    return String.join("\n", lines);
  }

  long pid() {
    return process.pid();
  }

  /**
   * Kills the agent and waits until it has exited, so that it cannot touch the next test's Redis or
   * ports (a free port is soon handed out again).
   */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
