package io.chouette.collectors.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.chouette.collectors.Fixtures;
import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.testing.LogCapture;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real docker-java client against a fake Engine API on a real unix socket. */
class DockerPluginIT {

  private static final String STATS = Fixtures.read("docker/docker_stats.json");
  private static final Clock CLOCK =
      Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  @TempDir Path dir;
  private FakeDockerEngine engine;
  private DockerPlugin plugin;
  private LogCapture log;

  @BeforeEach
  void start() throws IOException {
    engine = new FakeDockerEngine(dir.resolve("docker.sock"));
    plugin = plugin(engine.socket());
    log = LogCapture.of(DockerPlugin.class);
  }

  @AfterEach
  void stop() throws IOException {
    plugin.close();
    engine.close();
    log.close();
  }

  private static DockerPlugin plugin(Path socket) {
    return new DockerPlugin(new DockerJavaApi(socket, TIMEOUT), socket.toString(), TIMEOUT, CLOCK);
  }

  private static String containers(String... idAndNames) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < idAndNames.length; i += 2) {
      json.append(i == 0 ? "" : ",")
          .append("{\"Id\":\"")
          .append(idAndNames[i])
          .append("\",\"Names\":[\"/")
          .append(idAndNames[i + 1])
          .append("\"],\"State\":\"running\"}");
    }
    return json.append("]").toString();
  }

  /** value by "metric|tag". */
  private static Map<String, Double> byNameAndTags(List<WrappedMetric> metrics) {
    return metrics.stream()
        .collect(
            Collectors.toMap(
                m -> m.metric() + "|" + String.join(",", m.tags()), WrappedMetric::value));
  }

  @Test
  void readsEveryRunningContainerFromTheEngine() throws Exception {
    engine
        .route(
            "/containers/json",
            FakeDockerEngine.Response.json(
                containers("123a", "chouette-iot_redis_1", "456b", "web")))
        .route("/containers/123a/stats", FakeDockerEngine.Response.json(STATS))
        .route(
            "/containers/456b/stats",
            FakeDockerEngine.Response.json(
                STATS
                    .replace("\"usage\": 11001856", "\"usage\": 0")
                    .replace("/chouette-iot_redis_1", "/web")));

    List<WrappedMetric> metrics = plugin.collect();

    Map<String, Double> values = byNameAndTags(metrics);
    assertThat(values)
        .containsEntry("Chouette.docker.memory.usage|container:chouette-iot_redis_1", 11001856.0)
        .containsEntry("Chouette.docker.cpu.usage|container:chouette-iot_redis_1", 127550000000.0)
        // a container using no memory is reported as 0, not dropped as the original did
        .containsEntry("Chouette.docker.memory.usage|container:web", 0.0)
        .containsEntry("Chouette.docker.cpu.usage|container:web", 127550000000.0)
        .hasSize(6);
    // (231319770843 - 231317787936) / (812809200000000 - 812800840000000) * 8 CPUs * 100
    assertThat(values.get("Chouette.docker.cpu.percentage|container:chouette-iot_redis_1"))
        .isCloseTo(1982907.0 / 8360000000.0 * 8 * 100, within(1e-9));
    assertThat(metrics).allMatch(m -> m.timestamp() == 1_700_000_000.0);
    assertThat(engine.requests())
        .anyMatch(
            line ->
                line.matches("GET /(v[0-9.]+/)?containers/123a/stats\\?stream=(false|0) HTTP/1.1"));
    assertThat(log.warnings()).isEmpty();
  }

  @Test
  void noContainersIsNoMetricsAndNoWarning() throws Exception {
    engine.route("/containers/json", FakeDockerEngine.Response.json("[]"));

    assertThat(plugin.collect()).isEmpty();
    assertThat(log.warnings()).isEmpty();
  }

  @Test
  void missingSocketIsOneWarningAndNothingElse() throws Exception {
    DockerPlugin noSocket = plugin(dir.resolve("absent.sock"));

    assertThat(noSocket.collect()).isEmpty();

    assertThat(log.warnings())
        .singleElement()
        .asString()
        .contains("could not list containers", "no Docker socket at", "absent.sock");
    noSocket.close();
  }

  @Test
  void socketWithNobodyListeningIsOneWarning() throws Exception {
    Path stale = dir.resolve("stale.sock");
    // a socket file left behind by an engine that is gone
    ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    gone.bind(UnixDomainSocketAddress.of(stale));
    gone.close();
    DockerPlugin stalePlugin = plugin(stale);

    assertThat(stalePlugin.collect()).isEmpty();

    assertThat(log.warnings()).singleElement().asString().contains("could not list containers");
    stalePlugin.close();
  }

  @Test
  void nonJsonContainerListIsOneWarning() throws Exception {
    engine.route("/containers/json", FakeDockerEngine.Response.json("<html>proxy error</html>"));

    assertThat(plugin.collect()).isEmpty();

    assertThat(log.warnings()).singleElement().asString().contains("could not list containers");
  }

  @Test
  void engineErrorOnTheListIsOneWarning() throws Exception {
    engine.route(
        "/containers/json", new FakeDockerEngine.Response(500, "{\"message\":\"daemon broken\"}"));

    assertThat(plugin.collect()).isEmpty();

    assertThat(log.warnings())
        .singleElement()
        .asString()
        .contains("could not list containers", "daemon broken");
  }

  @Test
  void brokenContainerStatsCostThatContainerOnly() throws Exception {
    engine
        .route(
            "/containers/json",
            FakeDockerEngine.Response.json(
                containers("123a", "redis", "bad1", "bad", "gone", "gone")))
        .route("/containers/123a/stats", FakeDockerEngine.Response.json(STATS))
        .route("/containers/bad1/stats", FakeDockerEngine.Response.json("not json at all"));
    // "gone" has no route: 404, as for a container that stopped between list and stats

    List<WrappedMetric> metrics = plugin.collect();

    assertThat(metrics).extracting(WrappedMetric::tags).containsOnly(List.of("container:redis"));
    assertThat(metrics).hasSize(3);
    assertThat(log.warnings())
        .hasSize(2)
        .anySatisfy(w -> assertThat(w).contains("could not read stats of container bad"))
        .anySatisfy(w -> assertThat(w).contains("could not read stats of container gone"));
  }

  @Test
  void containerThatDoesNotAnswerIsLeftOutAfterTheTimeout() throws Exception {
    engine
        .route(
            "/containers/json",
            FakeDockerEngine.Response.json(containers("slow", "slow", "123a", "redis")))
        .route("/containers/slow/stats", FakeDockerEngine.Response.HANG)
        .route("/containers/123a/stats", FakeDockerEngine.Response.json(STATS));

    long started = System.nanoTime();
    List<WrappedMetric> metrics = plugin.collect();
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(metrics).hasSize(3).allMatch(m -> m.tags().equals(List.of("container:redis")));
    assertThat(log.warnings())
        .singleElement()
        .asString()
        .containsAnyOf("no stats for container slow", "could not read stats of container slow");
    // bounded: the hanging container costs at most the timeout (plus scheduling slack)
    assertThat(took).isLessThan(TIMEOUT.multipliedBy(3));
  }

  @Test
  void reconnectsAfterClose() throws Exception {
    engine
        .route("/containers/json", FakeDockerEngine.Response.json(containers("123a", "redis")))
        .route("/containers/123a/stats", FakeDockerEngine.Response.json(STATS));

    assertThat(plugin.collect()).hasSize(3);
    plugin.close();
    assertThat(plugin.collect()).hasSize(3);
  }
}
