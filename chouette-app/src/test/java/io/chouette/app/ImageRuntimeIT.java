package io.chouette.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The container image's Java runtime, without a Docker engine: the image is made with {@code jlink
 * --add-modules <list>} and started with the flags of its {@code JAVA_TOOL_OPTIONS}. Both are read
 * from the Dockerfile; {@code --limit-modules} gives this JVM the same set of modules a jlinked
 * runtime would have.
 */
class ImageRuntimeIT {

  private static final Path DOCKERFILE = Path.of("..", "Dockerfile");

  @Test
  void theImageRuntimeHoldsEveryModuleTheJarNeeds() throws IOException {
    ToolProvider jdeps =
        ToolProvider.findFirst("jdeps")
            .orElseThrow(
                () -> new AssertionError("jdeps not found: run the tests on a JDK, not a JRE"));
    StringWriter out = new StringWriter();
    int status =
        jdeps.run(
            new PrintWriter(out),
            new PrintWriter(out),
            "--ignore-missing-deps",
            "--print-module-deps",
            "--multi-release",
            "17",
            ChouetteProcess.JAR.toString());
    assertThat(status).as(out.toString()).isZero();
    List<String> needed = Arrays.asList(out.toString().trim().split(","));

    assertThat(imageModules()).containsAll(needed);
  }

  @Test
  void theAgentRunsOnTheImageModulesAndFlagsServesHealthAndStopsOnSigterm() throws Exception {
    int healthPort = freeTcpPort();
    List<String> jvm = new ArrayList<>(imageJvmFlags());
    jvm.addAll(List.of("--limit-modules", String.join(",", imageModules())));
    try (ChouetteProcess chouette = ChouetteProcess.jar(jvm, imageEnv(healthPort))) {
      chouette.awaitLine(line -> line.contains("Chouette started"), Duration.ofSeconds(30));
      chouette.awaitLine(
          line -> line.contains("health endpoint listening"), Duration.ofSeconds(10));

      HttpResponse<String> live = get(healthPort, "/health/live");
      assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
      HttpResponse<String> ready = get(healthPort, "/health/ready");
      assertThat(ready.body()).contains("\"storage\"");

      chouette.terminate();
      assertThat(chouette.awaitExit(Duration.ofSeconds(15))).as(chouette.output()).isZero();
    }
  }

  @Test
  void aRuntimeWithoutTheHttpServerModuleMakesStartupFailWithExit1InsteadOfHanging()
      throws Exception {
    int healthPort = freeTcpPort();
    List<String> modules = new ArrayList<>(imageModules());
    modules.remove("jdk.httpserver");
    List<String> jvm = List.of("--limit-modules", String.join(",", modules));
    try (ChouetteProcess chouette = ChouetteProcess.jar(jvm, imageEnv(healthPort))) {
      assertThat(chouette.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
      assertThat(chouette.output())
          .contains("Chouette failed: java.lang.NoClassDefFoundError")
          .contains("HttpServer");
    }
  }

  /** The {@code --add-modules} list of the Dockerfile's jlink step. */
  private static List<String> imageModules() throws IOException {
    return Arrays.asList(dockerfile("--add-modules (\\S+)").split(","));
  }

  /** The JVM flags of the Dockerfile's {@code JAVA_TOOL_OPTIONS}. */
  private static List<String> imageJvmFlags() throws IOException {
    return Arrays.asList(dockerfile("JAVA_TOOL_OPTIONS=\"([^\"]+)\"").split("\\s+"));
  }

  private static String dockerfile(String regex) throws IOException {
    Matcher matcher = Pattern.compile(regex).matcher(Files.readString(DOCKERFILE));
    if (!matcher.find()) {
      throw new AssertionError(DOCKERFILE.toAbsolutePath() + " has no match for " + regex);
    }
    return matcher.group(1);
  }

  private static Map<String, String> imageEnv(int healthPort) {
    return Map.of(
        "API_KEY", "image-key",
        "GLOBAL_TAGS", "[\"env:it\"]",
        "CHOUETTE_STORAGE_TYPE", "memory",
        "COLLECTOR_PLUGINS", "[\"host\"]",
        "DOGSTATSD_PORT", "0",
        "HEALTH_PORT", String.valueOf(healthPort),
        "DATADOG_URL", "http://127.0.0.1:9/api",
        "DATADOG_LOGS_URL", "http://127.0.0.1:9");
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freeTcpPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
