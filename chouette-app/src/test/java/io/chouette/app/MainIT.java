package io.chouette.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged agent as an operator runs it: exit statuses, JSON logs, SIGTERM. */
class MainIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> MEMORY_ENV =
      Map.of(
          "API_KEY", "it-secret-key",
          "GLOBAL_TAGS", "[\"env:it\"]",
          "CHOUETTE_STORAGE_TYPE", "memory",
          "DOGSTATSD_PORT", "0",
          "DATADOG_URL", "http://127.0.0.1:9/api",
          "DATADOG_LOGS_URL", "http://127.0.0.1:9");

  @Test
  void withoutEnvironmentItPrintsOneClearErrorAndExits2() throws Exception {
    try (ChouetteProcess chouette = ChouetteProcess.jar(Map.of())) {
      assertThat(chouette.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);

      assertThat(chouette.lines()).hasSize(1);
      JsonNode line = JSON.readTree(chouette.lines().get(0));
      assertThat(line.get("level").asText()).isEqualTo("ERROR");
      assertThat(line.get("formattedMessage").asText())
          .contains("API_KEY: required, not set")
          .contains("GLOBAL_TAGS: required, not set");
      assertThat(chouette.output()).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  @Test
  void aBadValueNamesTheVariableAndNeverPrintsTheApiKey() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(MEMORY_ENV);
    env.put("RELEASE_INTERVAL", "-1");
    env.put("CHOUETTE_STORAGE_TYPE", "floppy");
    try (ChouetteProcess chouette = ChouetteProcess.jar(env)) {
      assertThat(chouette.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(chouette.output())
          .contains("RELEASE_INTERVAL: expected an integer >= 1, found \\\"-1\\\"")
          .contains("CHOUETTE_STORAGE_TYPE: expected one of")
          .doesNotContain("it-secret-key");
    }
  }

  @Test
  void badDogStatsdEnrichmentOptionsStopStartupWithOneLineAndExit2() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(MEMORY_ENV);
    env.put("DOGSTATSD_TAGS", "region:eu");
    env.put(
        "DOGSTATSD_MAPPER_PROFILES",
        "[{\"name\":\"jobs\",\"prefix\":\"job.\",\"mappings\":[{\"match\":\"job.**\","
            + "\"name\":\"job\"}]}]");
    try (ChouetteProcess chouette = ChouetteProcess.jar(env)) {
      assertThat(chouette.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(chouette.lines()).hasSize(1);
      JsonNode line = JSON.readTree(chouette.lines().get(0));
      assertThat(line.get("level").asText()).isEqualTo("ERROR");
      assertThat(line.get("formattedMessage").asText())
          .contains("DOGSTATSD_TAGS: expected a JSON list of strings, found \"region:eu\"")
          .contains(
              "DOGSTATSD_MAPPER_PROFILES: profile: jobs, mapping num 0: invalid wildcard match"
                  + " pattern `job.**`, it should not contain consecutive `*`");
    }
  }

  @Test
  void startsOnMemoryStorageLogsJsonAndExits0OnSigterm() throws Exception {
    try (ChouetteProcess chouette = ChouetteProcess.jar(MEMORY_ENV)) {
      chouette.awaitLine(line -> line.contains("Chouette started"), Duration.ofSeconds(30));

      chouette.terminate();

      assertThat(chouette.awaitExit(Duration.ofSeconds(15))).isZero();
      for (String line : chouette.lines()) {
        JsonNode json = JSON.readTree(line);
        assertThat(json.has("level")).as(line).isTrue();
        assertThat(json.has("loggerName")).as(line).isTrue();
      }
      assertThat(chouette.output()).doesNotContain("it-secret-key");
      assertThat(chouette.output()).contains("exit status 0");
    }
  }

  @Test
  void stopsTheDogStatsdListenerWithoutAStackTraceOnSigterm() throws Exception {
    int port;
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Map<String, String> env = new HashMap<>(MEMORY_ENV);
    env.put("DOGSTATSD_HOST", "127.0.0.1");
    env.put("DOGSTATSD_PORT", String.valueOf(port));
    try (ChouetteProcess chouette = ChouetteProcess.jar(env)) {
      chouette.awaitLine(line -> line.contains("DogStatsD listening"), Duration.ofSeconds(30));
      byte[] datagram = "it.hits:1|c".getBytes(StandardCharsets.UTF_8);
      try (DatagramSocket socket = new DatagramSocket()) {
        socket.send(
            new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), port));
      }
      chouette.awaitLine(line -> line.contains("Chouette started"), Duration.ofSeconds(30));

      chouette.terminate();

      assertThat(chouette.awaitExit(Duration.ofSeconds(15))).isZero();
      // stdout and stderr together: a thread dying with an exception prints a bare stack trace
      assertThat(chouette.output())
          .contains("DogStatsD server stopped listening")
          .doesNotContain("ClosedSelectorException")
          .doesNotContain("Exception in thread")
          .doesNotContain("\tat ");
      for (String line : chouette.lines()) {
        assertThat(JSON.readTree(line).has("level")).as(line).isTrue();
      }
    }
  }

  @Test
  void aCoreActorThatKeepsFailingMakesTheProcessExitNonZero() throws Exception {
    try (ChouetteProcess chouette = ChouetteProcess.mainClass(FailingCoreMain.class, Map.of())) {
      assertThat(chouette.awaitExit(Duration.ofSeconds(40))).isEqualTo(1);
      assertThat(chouette.output()).contains("core actor 'aggregator' stopped");
    }
  }
}
