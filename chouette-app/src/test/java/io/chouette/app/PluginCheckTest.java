package io.chouette.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --test} with the real plugins of the class path. */
class PluginCheckTest {

  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  @TempDir Path dir;

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsTheSeriesOfEveryPluginAsJson() throws Exception {
    int status =
        PluginCheck.run(
            Map.of(
                "COLLECTOR_PLUGINS", "[\"host\"]",
                "HOST_COLLECTOR_METRICS", "[\"ram\",\"la\"]"),
            out,
            err);

    assertThat(status).isZero();
    JsonNode series = new ObjectMapper().readTree(out()).get("series");
    assertThat(series).hasSize(3);
    assertThat(series.get(0).get("metric").asText()).isEqualTo("Chouette.host.la");
    assertThat(series.get(0).get("type").asText()).isEqualTo("gauge");
    assertThat(series.get(0).get("points").get(0)).hasSize(2);
    assertThat(err()).isEqualTo("host: 3 series" + System.lineSeparator());
  }

  @Test
  void pluginWithoutSeriesMakesTheCheckFail() throws Exception {
    int status =
        PluginCheck.run(
            Map.of(
                "COLLECTOR_PLUGINS", "[\"host\",\"docker\"]",
                "HOST_COLLECTOR_METRICS", "[\"ram\"]",
                "DOCKER_SOCKET_PATH", dir.resolve("absent.sock").toString()),
            out,
            err);

    assertThat(status).isEqualTo(PluginCheck.EXIT_SOME_EMPTY);
    assertThat(new ObjectMapper().readTree(out()).get("series")).hasSize(2);
    assertThat(err()).contains("host: 2 series", "docker: no series (see its warning)");
  }

  @Test
  void configurationErrorsAreListedWithoutRunningAnything() {
    int status =
        PluginCheck.run(
            Map.of(
                "COLLECTOR_PLUGINS", "[\"host\",\"snmp\"]",
                "HOST_COLLECTOR_METRICS", "[\"disk\"]"),
            out,
            err);

    assertThat(status).isEqualTo(Main.EXIT_CONFIG);
    assertThat(out()).isEmpty();
    assertThat(err())
        .startsWith("chouette --test: configuration error: ")
        .contains("HOST_COLLECTOR_METRICS: expected a JSON list of [cpu, fs, la, ram, network]")
        .contains(
            "COLLECTOR_PLUGINS: unknown plugin \"snmp\", expected names from"
                + " [docker, dramatiq, host, k8s, tegrastats]");
  }

  @Test
  void noPluginIsNothingToTest() {
    assertThat(PluginCheck.run(Map.of(), out, err)).isEqualTo(Main.EXIT_CONFIG);
    assertThat(err()).contains("COLLECTOR_PLUGINS lists no plugin");
  }
}
