package io.chouette.collectors.tegrastats;

import io.chouette.collectors.Gauges;
import io.chouette.collectors.PluginLog;
import io.chouette.core.collect.spi.CollectorPlugin;
import io.chouette.core.metric.WrappedMetric;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The {@code tegrastats} plugin for Nvidia Jetson boards: runs {@code TEGRASTATS_PATH}, reads its
 * first line, stops it, and reports RAM, zone temperatures and GPU load from that line.
 */
public final class TegrastatsPlugin implements CollectorPlugin {

  public static final String NAME = "tegrastats";

  private static final PluginLog log = new PluginLog(TegrastatsPlugin.class, NAME);
  private static final long POLL_MILLIS = 10;

  private final String path;
  private final Set<TegrastatsMetric> chosen;
  private final Duration timeout;
  private final Clock clock;

  /**
   * @param timeout how long to wait for the first line (tegrastats prints one per second)
   */
  public TegrastatsPlugin(
      String path, Set<TegrastatsMetric> chosen, Duration timeout, Clock clock) {
    this.path = path;
    this.chosen = Set.copyOf(chosen);
    this.timeout = timeout;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  public String path() {
    return path;
  }

  public Set<TegrastatsMetric> metrics() {
    return chosen;
  }

  @Override
  public List<WrappedMetric> collect() throws InterruptedException {
    Process process;
    try {
      process =
          new ProcessBuilder(path)
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      log.warn("tegrastats: could not run {}: {}", path, e.getMessage());
      return List.of();
    }
    String line;
    try {
      process.getOutputStream().close();
      line = firstLine(process);
    } catch (IOException e) {
      log.warn("tegrastats: could not read the output of {}: {}", path, e.getMessage());
      return List.of();
    } finally {
      stop(process);
    }
    if (line == null) {
      log.warn("tegrastats: {} printed no line within {}s", path, timeout.toMillis() / 1000.0);
      return List.of();
    }
    if (line.isBlank()) {
      log.warn("tegrastats: {} exited without printing a line", path);
      return List.of();
    }
    List<WrappedMetric> metrics = TegrastatsLine.metrics(line, chosen, Gauges.now(clock));
    if (metrics.isEmpty()) {
      log.warn(
          "tegrastats: no {} in the output of {}: {}", chosen, path, PluginLog.abbreviate(line));
    }
    return metrics;
  }

  /**
   * The first line the process prints; "" when it exits without printing one; null when it prints
   * none within the timeout. Polls rather than blocks, so that a silent program cannot hold the
   * thread past the timeout.
   */
  private String firstLine(Process process) throws IOException, InterruptedException {
    InputStream out = process.getInputStream();
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      // Only ever read what is there: a blocking read could outlive the timeout (a pipe read
      // cannot be interrupted) when a child of the program keeps its output open.
      int available = out.available();
      if (available > 0) {
        for (int i = 0; i < available; i++) {
          int b = out.read();
          if (b < 0 || b == '\n') {
            return line.toString(StandardCharsets.UTF_8);
          }
          line.write(b);
        }
        continue;
      }
      if (!process.isAlive() && out.available() == 0) {
        // it wrote everything before exiting, so an empty pipe now is the end of its output
        return line.toString(StandardCharsets.UTF_8);
      }
      if (System.nanoTime() > deadline) {
        return null;
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** tegrastats runs until stopped: stop it and anything it started. */
  private static void stop(Process process) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
