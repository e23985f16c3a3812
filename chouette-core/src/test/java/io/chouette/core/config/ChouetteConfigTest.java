package io.chouette.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChouetteConfigTest {

  private static final Map<String, String> MINIMAL =
      Map.of("API_KEY", "s3cr3t-key", "GLOBAL_TAGS", "[\"env:test\"]");

  private static Map<String, String> minimalWith(String key, String value) {
    Map<String, String> env = new HashMap<>(MINIMAL);
    env.put(key, value);
    return env;
  }

  @Test
  void defaultsAreTheOriginals() {
    ChouetteConfig config = ChouetteConfig.fromEnv(MINIMAL);

    assertThat(config.aggregator().interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.aggregator().metricTtl()).isEqualTo(Duration.ofSeconds(14400));
    assertThat(config.aggregator().wrapper()).isEqualTo("datadog");
    assertThat(config.aggregator().histogramAggregates())
        .containsExactly("max", "median", "avg", "count");
    assertThat(config.aggregator().histogramPercentiles()).containsExactly(0.95);
    assertThat(config.collector().captureInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.collector().plugins()).isEmpty();
    SenderConfig sender = config.sender();
    assertThat(sender.apiKey()).isEqualTo("s3cr3t-key");
    assertThat(sender.globalTags()).containsExactly("env:test");
    assertThat(sender.host()).isEmpty();
    assertThat(sender.datadogUrl()).isEqualTo(URI.create("https://api.datadoghq.com/api"));
    assertThat(sender.logsUrl()).isEqualTo(URI.create("https://http-intake.logs.datadoghq.com"));
    assertThat(sender.releaseInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(sender.metricTtl()).isEqualTo(Duration.ofSeconds(14400));
    assertThat(sender.logTtl()).isEqualTo(Duration.ofSeconds(64800));
    assertThat(sender.metricsBulkSize()).isEqualTo(10000);
    assertThat(sender.sendSelfMetrics()).isTrue();
    assertThat(sender.httpsProxy()).isEmpty();
    assertThat(config.storageType()).isEqualTo("redis");
    assertThat(config.logLevel()).isEqualTo("info");
    assertThat(config.dogStatsd().host()).isEqualTo("127.0.0.1");
    assertThat(config.dogStatsd().port()).isEqualTo(8125);
    assertThat(config.dogStatsd().maxContexts()).isEqualTo(100_000);
    assertThat(config.healthPort()).isZero();
  }

  @Test
  void readsEveryVariable() {
    Map<String, String> env = new HashMap<>(MINIMAL);
    env.putAll(
        Map.ofEntries(
            Map.entry("AGGREGATE_INTERVAL", "5"),
            Map.entry("CAPTURE_INTERVAL", "15"),
            Map.entry("RELEASE_INTERVAL", "1"),
            Map.entry("DATADOG_URL", "http://127.0.0.1:9999/api/"),
            Map.entry("DATADOG_LOGS_URL", "https://logs.example.org"),
            Map.entry("HOST", "pi-42"),
            Map.entry("LOG_LEVEL", "WARNING"),
            Map.entry("LOG_TTL", "100"),
            Map.entry("METRIC_TTL", "3600"),
            Map.entry("METRICS_BULK_SIZE", "50"),
            Map.entry("METRICS_WRAPPER", "simple"),
            Map.entry("SEND_SELF_METRICS", "false"),
            Map.entry("CHOUETTE_STORAGE_TYPE", "Memory"),
            Map.entry("COLLECTOR_PLUGINS", "[\"host\",\"docker\"]"),
            Map.entry("HISTOGRAM_AGGREGATES", "[\"min\",\"sum\"]"),
            Map.entry("HISTOGRAM_PERCENTILES", "[0.5,0.99]"),
            Map.entry("DOGSTATSD_PORT", "0"),
            Map.entry("HTTPS_PROXY", "http://proxy.local:3128"),
            Map.entry("NO_PROXY", "localhost, 127.0.0.1"),
            Map.entry("HEALTH_PORT", "8080")));

    ChouetteConfig config = ChouetteConfig.fromEnv(env);

    assertThat(config.aggregator().interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.aggregator().wrapper()).isEqualTo("simple");
    assertThat(config.aggregator().histogramAggregates()).containsExactly("min", "sum");
    assertThat(config.aggregator().histogramPercentiles()).containsExactly(0.5, 0.99);
    assertThat(config.collector().plugins()).containsExactly("host", "docker");
    assertThat(config.collector().captureInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.sender().datadogUrl()).isEqualTo(URI.create("http://127.0.0.1:9999/api"));
    assertThat(config.sender().host()).isEqualTo("pi-42");
    assertThat(config.sender().releaseInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.sender().httpTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.sender().sendSelfMetrics()).isFalse();
    assertThat(config.sender().httpsProxy()).contains(URI.create("http://proxy.local:3128"));
    assertThat(config.sender().noProxy()).containsExactly("localhost", "127.0.0.1");
    assertThat(config.storageType()).isEqualTo("memory");
    assertThat(config.logLevel()).isEqualTo("warning");
    assertThat(config.dogStatsd().enabled()).isFalse();
    assertThat(config.healthPort()).isEqualTo(8080);
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of(
            "AGGREGATE_INTERVAL",
            "ten",
            "AGGREGATE_INTERVAL: expected an integer >= 1, found \"ten\""),
        Arguments.of(
            "RELEASE_INTERVAL", "0", "RELEASE_INTERVAL: expected an integer >= 1, found \"0\""),
        Arguments.of(
            "CAPTURE_INTERVAL", "-5", "CAPTURE_INTERVAL: expected an integer >= 1, found \"-5\""),
        Arguments.of("METRIC_TTL", "1.5", "METRIC_TTL: expected an integer >= 1, found \"1.5\""),
        Arguments.of(
            "METRICS_BULK_SIZE", "0", "METRICS_BULK_SIZE: expected an integer >= 1, found \"0\""),
        Arguments.of(
            "GLOBAL_TAGS",
            "env:prod",
            "GLOBAL_TAGS: expected a JSON list of strings, found \"env:prod\""),
        Arguments.of(
            "GLOBAL_TAGS",
            "[1,2]",
            "GLOBAL_TAGS: expected a JSON list of strings, found \"[1,2]\""),
        Arguments.of(
            "COLLECTOR_PLUGINS",
            "[\"host\"",
            "COLLECTOR_PLUGINS: expected a JSON list of strings, found \"[\"host\"\""),
        Arguments.of(
            "HISTOGRAM_PERCENTILES",
            "[95]",
            "HISTOGRAM_PERCENTILES: expected a JSON list of numbers between 0 and 1, found"
                + " \"[95]\""),
        Arguments.of(
            "HISTOGRAM_AGGREGATES",
            "[\"mode\"]",
            "HISTOGRAM_AGGREGATES: expected a JSON list of [max, min, median, avg, sum, count],"
                + " found \"[\"mode\"]\""),
        Arguments.of(
            "SEND_SELF_METRICS",
            "maybe",
            "SEND_SELF_METRICS: expected true or false, found \"maybe\""),
        Arguments.of(
            "DATADOG_URL", "ftp://x", "DATADOG_URL: expected an http(s) URL, found \"ftp://x\""),
        Arguments.of(
            "DOGSTATSD_PORT",
            "70000",
            "DOGSTATSD_PORT: expected a port between 0 and 65535, found \"70000\""),
        Arguments.of(
            "LOG_LEVEL",
            "loud",
            "LOG_LEVEL: expected one of [critical, debug, error, info, off, trace, warn, warning],"
                + " found \"loud\""));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("badValues")
  void badValueNamesTheVariableTheValueAndTheExpectation(String key, String value, String problem) {
    assertThatThrownBy(() -> ChouetteConfig.fromEnv(minimalWith(key, value)))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(problem));
  }

  @Test
  void missingRequiredVariablesAreAllReported() {
    assertThatThrownBy(() -> ChouetteConfig.fromEnv(Map.of()))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly(
                        "API_KEY: required, not set",
                        "GLOBAL_TAGS: required, not set (a JSON list of strings, e.g."
                            + " [\"env:prod\"])"));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    Map<String, String> env = minimalWith("AGGREGATE_INTERVAL", "x");
    env.put("METRIC_TTL", "y");
    assertThatThrownBy(() -> ChouetteConfig.fromEnv(env))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("AGGREGATE_INTERVAL")
        .hasMessageContaining("METRIC_TTL");
  }

  @Test
  void secretsAreNeverQuoted() {
    Map<String, String> env = minimalWith("HTTPS_PROXY", "http://user:hunter2@");
    assertThatThrownBy(() -> ChouetteConfig.fromEnv(env))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("HTTPS_PROXY")
        .hasMessageNotContaining("hunter2");
    assertThat(ChouetteConfig.fromEnv(MINIMAL).sender().toString()).doesNotContain("s3cr3t-key");
    assertThat(ChouetteConfig.fromEnv(MINIMAL).toString()).doesNotContain("s3cr3t-key");
  }

  @Test
  void emptyGlobalTagsListIsAllowed() {
    assertThat(ChouetteConfig.fromEnv(minimalWith("GLOBAL_TAGS", "[]")).sender().globalTags())
        .isEqualTo(List.of());
  }

  @Test
  void httpTimeoutIsFourFifthsOfTheReleaseIntervalButAtLeastOneSecond() {
    assertThat(ChouetteConfig.fromEnv(MINIMAL).sender().httpTimeout())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(ChouetteConfig.fromEnv(minimalWith("RELEASE_INTERVAL", "10")).sender().httpTimeout())
        .isEqualTo(Duration.ofSeconds(8));
    assertThat(ChouetteConfig.fromEnv(minimalWith("RELEASE_INTERVAL", "1")).sender().httpTimeout())
        .isEqualTo(Duration.ofSeconds(1));
  }
}
