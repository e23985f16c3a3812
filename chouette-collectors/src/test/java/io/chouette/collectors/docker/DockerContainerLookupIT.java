package io.chouette.collectors.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chouette.collectors.Fixtures;
import io.chouette.core.config.OriginDetectionConfig;
import io.chouette.core.dogstatsd.origin.ContainerInfo;
import io.chouette.core.dogstatsd.origin.OriginResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Origin detection's container lookup with the real docker-java client against a fake Engine API on
 * a real unix socket, answering {@code /containers/{id}/json} from a recorded response.
 */
class DockerContainerLookupIT {

  private static final String ID =
      "3726184226f5d3147c25fdeab5b60097e378e8a720503a5e19ecfdf29f869860";
  private static final String INSPECT = Fixtures.read("docker/container_inspect.json");

  @TempDir Path dir;
  private FakeDockerEngine engine;
  private DockerContainerLookup lookup;

  @BeforeEach
  void start() throws IOException {
    engine = new FakeDockerEngine(dir.resolve("docker.sock"));
    lookup = new DockerContainerLookup(engine.socket(), Duration.ofSeconds(1));
  }

  @AfterEach
  void stop() throws IOException {
    lookup.close();
    engine.close();
  }

  @Test
  void aKnownContainerHasItsNameAndImage() throws Exception {
    engine.route("/containers/" + ID + "/json", FakeDockerEngine.Response.json(INSPECT));

    assertThat(lookup.inspect(ID).get(5, TimeUnit.SECONDS))
        .contains(new ContainerInfo(ID, "cache", "redis:7-alpine"));
    assertThat(engine.requests())
        .singleElement()
        .asString()
        .contains("/containers/" + ID + "/json");
  }

  @Test
  void anUnknownContainerIsEmpty() throws Exception {
    assertThat(lookup.inspect("0123abcd").get(5, TimeUnit.SECONDS)).isEqualTo(Optional.empty());
  }

  @Test
  void noEngineFailsTheLookup() {
    DockerContainerLookup nowhere =
        new DockerContainerLookup(dir.resolve("missing.sock"), Duration.ofSeconds(1));
    try {
      assertThatThrownBy(() -> nowhere.inspect(ID).get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasRootCauseInstanceOf(IOException.class);
    } finally {
      nowhere.close();
    }
  }

  @Test
  void aSlowEngineNeverHoldsTheReceivePathAndItsAnswerIsCachedOnceGiven() throws Exception {
    engine.route("/containers/" + ID + "/json", FakeDockerEngine.Response.HANG);
    OriginResolver resolver =
        new OriginResolver(
            lookup, new OriginDetectionConfig(true, OriginDetectionConfig.Cardinality.HIGH, dir));
    try {
      long start = System.nanoTime();
      assertThat(resolver.tags(ID, 0, System.currentTimeMillis())).isNull();
      assertThat(resolver.tags(ID, 0, System.currentTimeMillis())).isNull();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
    } finally {
      resolver.close();
    }

    // a fresh resolver, the engine answering now
    engine.route("/containers/" + ID + "/json", FakeDockerEngine.Response.json(INSPECT));
    DockerContainerLookup answering =
        new DockerContainerLookup(engine.socket(), Duration.ofSeconds(1));
    OriginResolver resolved =
        new OriginResolver(
            answering,
            new OriginDetectionConfig(true, OriginDetectionConfig.Cardinality.HIGH, dir));
    try {
      byte[] tags = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (tags == null && System.nanoTime() < deadline) {
        tags = resolved.tags(ID, 0, System.currentTimeMillis());
        Thread.sleep(5);
      }
      assertThat(tags).isNotNull();
      assertThat(new String(tags, StandardCharsets.UTF_8))
          .isEqualTo(
              "docker_image:redis:7-alpine,image_name:redis,short_image:redis,image_tag:7-alpine,"
                  + "container_name:cache,container_id:"
                  + ID);
    } finally {
      resolved.close();
    }
  }
}
