package io.chouette.collectors.docker;

import static io.chouette.collectors.Gauges.gauge;

import io.chouette.collectors.Gauges;
import io.chouette.collectors.PluginLog;
import io.chouette.core.collect.spi.CollectorPlugin;
import io.chouette.core.metric.WrappedMetric;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code docker} plugin: memory and CPU of every running container, read from the Docker Engine
 * API on its unix socket.
 *
 * <p>Per container {container:name}: {@code Chouette.docker.memory.usage} ({@code
 * memory_stats.usage}, bytes), {@code Chouette.docker.cpu.usage} (kernel-mode CPU time in
 * nanoseconds) and {@code Chouette.docker.cpu.percentage} as {@code docker stats} shows it.
 * Containers are read in parallel; one that does not answer within the timeout is left out of this
 * reading and the others are kept.
 */
public final class DockerPlugin implements CollectorPlugin {

  public static final String NAME = "docker";

  private static final PluginLog log = new PluginLog(DockerPlugin.class, NAME);

  private final DockerApi api;
  private final String socket;
  private final Duration timeout;
  private final Clock clock;

  /**
   * @param socket where the API is, for messages
   * @param timeout how long the stats of all containers may take together
   */
  public DockerPlugin(DockerApi api, String socket, Duration timeout, Clock clock) {
    this.api = api;
    this.socket = socket;
    this.timeout = timeout;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<WrappedMetric> collect() throws InterruptedException {
    List<DockerApi.Container> containers;
    try {
      containers = api.runningContainers();
    } catch (Exception e) {
      log.warn("docker: could not list containers at {}: {}", socket, e.getMessage());
      return List.of();
    }
    Map<DockerApi.Container, CompletableFuture<ContainerStats>> pending = new LinkedHashMap<>();
    for (DockerApi.Container container : containers) {
      pending.put(container, api.stats(container.id()));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    List<WrappedMetric> metrics = new ArrayList<>();
    try {
      for (Map.Entry<DockerApi.Container, CompletableFuture<ContainerStats>> entry :
          pending.entrySet()) {
        String name = entry.getKey().name();
        long left = Math.max(0, deadline - System.nanoTime());
        try {
          ContainerStats stats = entry.getValue().get(left, TimeUnit.NANOSECONDS);
          addMetrics(metrics, name, stats, Gauges.now(clock));
        } catch (TimeoutException e) {
          log.warn(
              "docker: no stats for container {} within {}s", name, timeout.toMillis() / 1000.0);
        } catch (ExecutionException e) {
          log.warn(
              "docker: could not read stats of container {}: {}", name, e.getCause().getMessage());
        }
      }
    } finally {
      pending.values().forEach(future -> future.cancel(true));
    }
    return metrics;
  }

  private static void addMetrics(
      List<WrappedMetric> metrics, String container, ContainerStats stats, double timestamp) {
    if (stats.memoryUsage() != null) {
      metrics.add(
          gauge(
              "Chouette.docker.memory.usage",
              timestamp,
              stats.memoryUsage(),
              "container",
              container));
    }
    if (stats.cpuKernelMode() != null) {
      metrics.add(
          gauge(
              "Chouette.docker.cpu.usage",
              timestamp,
              stats.cpuKernelMode(),
              "container",
              container));
    }
    Double percentage = stats.cpuPercentage();
    if (percentage != null) {
      metrics.add(
          gauge("Chouette.docker.cpu.percentage", timestamp, percentage, "container", container));
    }
  }

  @Override
  public void close() {
    api.close();
  }
}
