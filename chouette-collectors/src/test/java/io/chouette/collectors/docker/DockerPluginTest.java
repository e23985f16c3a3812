package io.chouette.collectors.docker;

import static io.chouette.collectors.Fixtures.CAPTURE_INTERVAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.collectors.CollectorPluginContractTest;
import io.chouette.core.collect.spi.CollectorPlugin;
import io.chouette.core.config.ConfigException;
import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.testing.LogCapture;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DockerPluginTest extends CollectorPluginContractTest {

  private static final ContainerStats STATS =
      new ContainerStats(
          11001856L,
          127550000000L,
          231319770843L,
          231317787936L,
          812809200000000L,
          812800840000000L,
          8L);

  /** An in-memory engine. */
  static final class FakeApi implements DockerApi {
    final Map<String, CompletableFuture<ContainerStats>> stats;
    final List<Container> containers;
    final AtomicInteger closes = new AtomicInteger();

    FakeApi(List<Container> containers, Map<String, CompletableFuture<ContainerStats>> stats) {
      this.containers = containers;
      this.stats = stats;
    }

    @Override
    public List<Container> runningContainers() {
      return containers;
    }

    @Override
    public CompletableFuture<ContainerStats> stats(String containerId) {
      return stats.getOrDefault(
          containerId, CompletableFuture.failedFuture(new IOException("no such container")));
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  @Override
  protected String pluginName() {
    return "docker";
  }

  @Override
  protected CollectorPlugin pluginOnFake() {
    return new DockerPlugin(
        new FakeApi(
            List.of(new DockerApi.Container("123a", "redis")),
            Map.of("123a", CompletableFuture.completedFuture(STATS))),
        "fake",
        Duration.ofSeconds(1),
        Clock.systemUTC());
  }

  @Test
  void cpuPercentageIsComputedAsDockerStatsDoes() {
    assertThat(STATS.cpuPercentage()).isEqualTo(1982907.0 / 8360000000.0 * 8 * 100);
    // idle container: a real 0 %
    assertThat(new ContainerStats(1L, 1L, 5L, 5L, 20L, 10L, 2L).cpuPercentage()).isZero();
    // first reading (no previous one), clock not advanced, counter reset: unknown, not 0
    assertThat(new ContainerStats(1L, 1L, 5L, 0L, 20L, 0L, 2L).cpuPercentage()).isNull();
    assertThat(new ContainerStats(1L, 1L, 5L, 4L, 20L, 20L, 2L).cpuPercentage()).isNull();
    assertThat(new ContainerStats(1L, 1L, 3L, 4L, 20L, 10L, 2L).cpuPercentage()).isNull();
    assertThat(new ContainerStats(1L, 1L, null, 4L, 20L, 10L, 2L).cpuPercentage()).isNull();
  }

  @Test
  void missingFieldsAreLeftOutNotZero() throws Exception {
    ContainerStats sparse = new ContainerStats(null, null, null, null, null, null, null);
    DockerPlugin plugin =
        new DockerPlugin(
            new FakeApi(
                List.of(new DockerApi.Container("1", "sparse")),
                Map.of("1", CompletableFuture.completedFuture(sparse))),
            "fake",
            Duration.ofSeconds(1),
            Clock.systemUTC());

    assertThat(plugin.collect()).isEmpty();
  }

  @Test
  void timeoutIsSharedByAllContainers() throws Exception {
    CompletableFuture<ContainerStats> never = new CompletableFuture<>();
    FakeApi api =
        new FakeApi(
            List.of(new DockerApi.Container("1", "stuck"), new DockerApi.Container("2", "fine")),
            Map.of("1", never, "2", CompletableFuture.completedFuture(STATS)));
    DockerPlugin plugin = new DockerPlugin(api, "fake", Duration.ofMillis(200), Clock.systemUTC());

    List<WrappedMetric> metrics;
    try (LogCapture log = LogCapture.of(DockerPlugin.class)) {
      metrics = plugin.collect();
      assertThat(log.warnings())
          .containsExactly("docker: no stats for container stuck within 0.2s");
    }

    assertThat(metrics).hasSize(3).allMatch(m -> m.tags().equals(List.of("container:fine")));
    assertThat(never).isCancelled(); // the abandoned request is ended
  }

  @Test
  void closeClosesTheClient() {
    FakeApi api = new FakeApi(List.of(), Map.of());
    new DockerPlugin(api, "fake", Duration.ofSeconds(1), Clock.systemUTC()).close();
    assertThat(api.closes).hasValue(1);
  }

  @Test
  void blankSocketPathIsAConfigurationError() {
    DockerPluginProvider provider = new DockerPluginProvider();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> provider.create(Map.of("DOCKER_SOCKET_PATH", " "), CAPTURE_INTERVAL))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("DOCKER_SOCKET_PATH: expected a path to the Docker socket");
  }
}
