package io.chouette.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SenderConfigTest {

  static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("API_KEY", "abcdef0123456789abcdef0123456789");
    env.put("GLOBAL_TAGS", "[\"env:prod\"]");
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void defaultsAreTheOriginals() {
    SenderConfig config = SenderConfig.fromEnv(env());
    assertThat(config.datadogUrl()).isEqualTo(URI.create("https://api.datadoghq.com/api"));
    assertThat(config.logsUrl()).isEqualTo(URI.create("https://http-intake.logs.datadoghq.com"));
    assertThat(config.releaseInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.metricTtl()).isEqualTo(Duration.ofSeconds(14400));
    assertThat(config.logTtl()).isEqualTo(Duration.ofSeconds(64800));
    assertThat(config.metricsBulkSize()).isEqualTo(10000);
    assertThat(config.logsBulkSize()).isEqualTo(500);
    assertThat(config.maxBulksPerTick()).as("no cap: drain until less than a bulk").isZero();
    assertThat(config.sendMaxKbps()).as("no byte-rate limit").isZero();
    assertThat(config.historicalMetrics()).isTrue();
    assertThat(config.sendSelfMetrics()).isTrue();
    assertThat(config.httpsProxy()).isEmpty();
    assertThat(config.host()).isEmpty();
  }

  @ParameterizedTest(name = "RELEASE_INTERVAL={0} -> {1} ms")
  @CsvSource({"1, 1000", "2, 1600", "10, 8000", "60, 30000", "600, 30000"})
  void theHttpTimeoutIsBounded(String interval, long millis) {
    SenderConfig config = SenderConfig.fromEnv(env("RELEASE_INTERVAL", interval));
    assertThat(config.httpTimeout()).isEqualTo(Duration.ofMillis(millis));
  }

  @Test
  void backoffIsCappedAtFiveMinutesOrTheInterval() {
    assertThat(SenderConfig.fromEnv(env("RELEASE_INTERVAL", "1")).maxBackoff())
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(SenderConfig.fromEnv(env("RELEASE_INTERVAL", "900")).maxBackoff())
        .isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void proxySettingsAreRead() {
    SenderConfig config =
        SenderConfig.fromEnv(
            env(
                "HTTPS_PROXY",
                "http://user:pw@proxy.lan:3128",
                "NO_PROXY",
                "localhost, .internal,,"));
    assertThat(config.httpsProxy()).contains(URI.create("http://user:pw@proxy.lan:3128"));
    assertThat(config.noProxy()).containsExactly("localhost", ".internal");
  }

  @Test
  void toStringHidesTheApiKeyAndProxyCredentials() {
    SenderConfig config = SenderConfig.fromEnv(env("HTTPS_PROXY", "http://user:pw@proxy.lan:3128"));
    assertThat(config.toString())
        .doesNotContain("abcdef0123456789abcdef0123456789")
        .doesNotContain("pw@")
        .contains("apiKey=<redacted>")
        .contains("proxy.lan:3128");
  }

  @Test
  void badValuesAreReportedTogether() {
    assertThatThrownBy(
            () ->
                SenderConfig.fromEnv(
                    env(
                        "RELEASE_INTERVAL",
                        "0",
                        "METRICS_BULK_SIZE",
                        "many",
                        "DATADOG_URL",
                        "ftp://x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("RELEASE_INTERVAL")
        .hasMessageContaining("METRICS_BULK_SIZE")
        .hasMessageContaining("DATADOG_URL");
  }

  @Test
  void drainSettingsAreRead() {
    SenderConfig config =
        SenderConfig.fromEnv(
            env(
                "MAX_BULKS_PER_TICK",
                "3",
                "SEND_MAX_KBPS",
                "16",
                "DATADOG_HISTORICAL_METRICS",
                "false"));
    assertThat(config.maxBulksPerTick()).isEqualTo(3);
    assertThat(config.sendMaxKbps()).isEqualTo(16);
    assertThat(config.historicalMetrics()).isFalse();
  }

  @Test
  void badDrainSettingsAreReportedTogether() {
    assertThatThrownBy(
            () ->
                SenderConfig.fromEnv(
                    env(
                        "MAX_BULKS_PER_TICK",
                        "0",
                        "SEND_MAX_KBPS",
                        "-1",
                        "DATADOG_HISTORICAL_METRICS",
                        "sometimes")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("MAX_BULKS_PER_TICK")
        .hasMessageContaining("SEND_MAX_KBPS")
        .hasMessageContaining("DATADOG_HISTORICAL_METRICS");
  }

  @Test
  void theApiKeyAndGlobalTagsAreRequired() {
    assertThatThrownBy(() -> SenderConfig.fromEnv(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("API_KEY")
        .hasMessageContaining("GLOBAL_TAGS");
    assertThat(SenderConfig.fromEnv(env()).globalTags()).isEqualTo(List.of("env:prod"));
  }
}
