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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image's Java runtime, without a Docker engine: the image is made with {@code jlink
 * --add-modules <list>} (read from the Dockerfile) and starts the agent with the launcher {@code
 * bin/chouette} and its {@code conf/jvm.options}, copied from chouette-dist as the Dockerfile
 * copies them. {@code --limit-modules}, passed in {@code JAVA_OPTS}, gives this JVM the same set of
 * modules a jlinked runtime would have.
 */
class ImageRuntimeIT {

  private static final Path DOCKERFILE = Path.of("..", "Dockerfile");
  private static final Path DIST = Path.of("..", "chouette-dist", "src", "main");

  @TempDir Path image;

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
  void theImageStartsTheAgentWithTheLauncherOfTheDistribution() throws IOException {
    String dockerfile = Files.readString(DOCKERFILE);
    assertThat(dockerfile)
        .contains("COPY --from=build /src/chouette-dist/target/chouette/ /opt/chouette/")
        .contains("ENTRYPOINT [\"/opt/chouette/bin/chouette\"]")
        .contains("JAVA_HOME=/opt/java")
        .doesNotContain("JAVA_TOOL_OPTIONS");
  }

  @Test
  void theAgentRunsOnTheImageModulesAndFlagsServesHealthAndStopsOnSigterm() throws Exception {
    int healthPort = freeTcpPort();
    Map<String, String> env = new HashMap<>(imageEnv(healthPort));
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("JAVA_OPTS", "--limit-modules " + String.join(",", imageModules()));
    try (ChouetteProcess chouette =
        ChouetteProcess.command(List.of(imageTree().resolve("bin/chouette").toString()), env)) {
      chouette.awaitLine(line -> line.contains("Chouette started"), Duration.ofSeconds(30));
      List<String> cmdline =
          List.of(
              Files.readString(Path.of("/proc", String.valueOf(chouette.pid()), "cmdline"))
                  .split("\0"));
      assertThat(cmdline).as("the launcher's flags reach the JVM").containsAll(imageJvmFlags());
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

  /** The flags of conf/jvm.options, as the launcher reads them. */
  private static List<String> imageJvmFlags() throws IOException {
    return Files.readAllLines(DIST.resolve("conf/jvm.options")).stream()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
  }

  /** /opt/chouette of the image: the launcher, the jar, the JVM options. */
  private Path imageTree() throws IOException {
    Files.createDirectories(image.resolve("bin"));
    Files.createDirectories(image.resolve("lib"));
    Files.createDirectories(image.resolve("conf"));
    Path launcher = Files.copy(DIST.resolve("sh/chouette"), image.resolve("bin/chouette"));
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.copy(DIST.resolve("conf/jvm.options"), image.resolve("conf/jvm.options"));
    Files.createSymbolicLink(
        image.resolve("lib/chouette.jar"), ChouetteProcess.JAR.toAbsolutePath());
    return image;
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
