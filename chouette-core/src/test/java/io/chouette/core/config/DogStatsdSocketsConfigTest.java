package io.chouette.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Unix socket and origin detection variables of DogStatsD. */
class DogStatsdSocketsConfigTest {

  private static final Map<String, String> MINIMAL =
      Map.of("API_KEY", "s3cr3t-key", "GLOBAL_TAGS", "[\"env:test\"]");

  private static DogStatsdConfig read(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(MINIMAL);
    env.putAll(extra);
    return ChouetteConfig.fromEnv(env).dogStatsd();
  }

  @Test
  void defaults() {
    DogStatsdConfig config = read(Map.of());

    assertThat(config.receiveBufferBytes()).isEqualTo(4 * 1024 * 1024);
    assertThat(config.sockets().any()).isFalse();
    assertThat(config.sockets().mode()).isEqualTo(0722);
    assertThat(config.origin().enabled()).isFalse();
    assertThat(config.origin().cardinality()).isEqualTo(OriginDetectionConfig.Cardinality.LOW);
    assertThat(config.origin().procRoot()).isEqualTo(Path.of("/proc"));
  }

  @Test
  void socketOnlyWithPortZero() {
    DogStatsdConfig config =
        read(
            Map.of(
                "DOGSTATSD_PORT", "0",
                "DOGSTATSD_SOCKET", "unix:///var/run/datadog/dsd.socket",
                "DOGSTATSD_STREAM_SOCKET", "/var/run/datadog/dsd-stream.socket",
                "DOGSTATSD_SOCKET_MODE", "660",
                "DOGSTATSD_SO_RCVBUF", "0",
                "DOGSTATSD_ORIGIN_DETECTION", "true",
                "DOGSTATSD_TAG_CARDINALITY", "HIGH",
                "PROC_ROOT", "/host/proc"));

    assertThat(config.enabled()).isTrue();
    assertThat(config.port()).isZero();
    assertThat(config.receiveBufferBytes()).isZero();
    assertThat(config.sockets().datagram()).isEqualTo(Path.of("/var/run/datadog/dsd.socket"));
    assertThat(config.sockets().stream()).isEqualTo(Path.of("/var/run/datadog/dsd-stream.socket"));
    assertThat(config.sockets().mode()).isEqualTo(0660);
    assertThat(config.origin().enabled()).isTrue();
    assertThat(config.origin().cardinality()).isEqualTo(OriginDetectionConfig.Cardinality.HIGH);
    assertThat(config.origin().procRoot()).isEqualTo(Path.of("/host/proc"));
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of(
            "DOGSTATSD_SOCKET",
            "dsd.socket",
            "DOGSTATSD_SOCKET: expected an absolute path to a socket file, found \"dsd.socket\""),
        Arguments.of(
            "DOGSTATSD_STREAM_SOCKET",
            "/" + "d".repeat(107),
            "DOGSTATSD_STREAM_SOCKET: expected a path of at most 107 characters, found \"/"
                + "d".repeat(107)
                + "\""),
        Arguments.of(
            "DOGSTATSD_SOCKET_MODE",
            "0799",
            "DOGSTATSD_SOCKET_MODE: expected octal permission bits such as 0722, found"
                + " \"0799\""),
        Arguments.of(
            "DOGSTATSD_ORIGIN_DETECTION",
            "yes please",
            "DOGSTATSD_ORIGIN_DETECTION: expected true or false, found \"yes please\""),
        Arguments.of(
            "DOGSTATSD_TAG_CARDINALITY",
            "orchestrator",
            "DOGSTATSD_TAG_CARDINALITY: expected one of [high, low], found \"orchestrator\""),
        Arguments.of("PROC_ROOT", "proc", "PROC_ROOT: expected an absolute path, found \"proc\""));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("badValues")
  void badValueIsAConfigurationError(String key, String value, String problem) {
    assertThatThrownBy(() -> read(Map.of(key, value)))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(problem));
  }

  @Test
  void bothTransportsCannotShareAPath() {
    assertThatThrownBy(
            () ->
                read(
                    Map.of(
                        "DOGSTATSD_SOCKET", "/run/dsd.socket",
                        "DOGSTATSD_STREAM_SOCKET", "/run/dsd.socket")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("DOGSTATSD_STREAM_SOCKET: expected a path other than");
  }
}
