package io.chouette.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code DOGSTATSD_TAGS}, the namespace and its blocklist, the mapper profiles and cache size. */
class DogStatsdEnrichmentConfigTest {

  private static final Map<String, String> MINIMAL =
      Map.of("API_KEY", "s3cr3t-key", "GLOBAL_TAGS", "[\"env:test\"]");

  private static DogStatsdEnrichmentConfig read(String... keysAndValues) {
    Map<String, String> env = new HashMap<>(MINIMAL);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      env.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return ChouetteConfig.fromEnv(env).dogStatsdEnrichment();
  }

  @Test
  void offByDefaultWithTheAgentsBlocklistAndCacheSize() {
    DogStatsdEnrichmentConfig config = read();
    assertThat(config.enabled()).isFalse();
    assertThat(config.tags()).isEmpty();
    assertThat(config.namespace()).isEmpty();
    assertThat(config.mapperProfiles()).isEmpty();
    assertThat(config.mapperCacheSize()).isEqualTo(1000);
    assertThat(config.namespaceBlocklist())
        .hasSize(21)
        .startsWith("datadog.agent", "datadog.dogstatsd")
        .contains("jvm", "kafka", "tomcat")
        .endsWith("runtime");
    assertThat(config).isEqualTo(DogStatsdEnrichmentConfig.NONE);
  }

  @Test
  void readsEveryOption() {
    DogStatsdEnrichmentConfig config =
        read(
            "DOGSTATSD_TAGS", "[\"region:eu\",\"team:iot\"]",
            "DOGSTATSD_METRIC_NAMESPACE", "edge",
            "DOGSTATSD_METRIC_NAMESPACE_BLOCKLIST", "[\"sys.\"]",
            "DOGSTATSD_MAPPER_PROFILES",
                "[{\"name\":\"p\",\"prefix\":\"a.\",\"mappings\":[{\"match\":\"a.*\",\"name\":\"a\"}]}]",
            "DOGSTATSD_MAPPER_CACHE_SIZE", "50");
    assertThat(config.enabled()).isTrue();
    assertThat(config.tags()).containsExactly("region:eu", "team:iot");
    assertThat(config.namespace()).isEqualTo("edge.");
    assertThat(config.namespaceBlocklist()).containsExactly("sys.");
    assertThat(config.mapperProfiles()).hasSize(1);
    assertThat(config.mapperCacheSize()).isEqualTo(50);
  }

  @Test
  void aNamespaceEndingWithADotKeepsIt() {
    assertThat(read("DOGSTATSD_METRIC_NAMESPACE", "edge.").namespace()).isEqualTo("edge.");
  }

  @Test
  void anEmptyBlocklistBlocksNothing() {
    assertThat(read("DOGSTATSD_METRIC_NAMESPACE_BLOCKLIST", "[]").namespaceBlocklist()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "DOGSTATSD_TAGS|env:prod|DOGSTATSD_TAGS: expected a JSON list of strings",
        "DOGSTATSD_TAGS|[\"a\",\"\"]|DOGSTATSD_TAGS: expected a JSON list of non-empty tags",
        "DOGSTATSD_METRIC_NAMESPACE_BLOCKLIST|jvm|DOGSTATSD_METRIC_NAMESPACE_BLOCKLIST: expected a"
            + " JSON list of strings",
        "DOGSTATSD_MAPPER_CACHE_SIZE|0|DOGSTATSD_MAPPER_CACHE_SIZE: expected an integer >= 1",
        "DOGSTATSD_MAPPER_PROFILES|[{\"name\":\"p\"}]|DOGSTATSD_MAPPER_PROFILES: missing prefix for"
            + " profile: p",
        "DOGSTATSD_MAPPER_PROFILES|[{\"name\":\"p\",\"prefix\":\"a.\",\"mappings\":[{\"match\":\"a.**\",\"name\":\"a\"}]}]|DOGSTATSD_MAPPER_PROFILES:"
            + " profile: p, mapping num 0: invalid wildcard match pattern `a.**`, it should not"
            + " contain consecutive `*`",
        "DOGSTATSD_MAPPER_PROFILES|airflow.*|DOGSTATSD_MAPPER_PROFILES: not JSON",
      })
  void aBadValueIsAConfigurationError(String key, String value, String problem) {
    Map<String, String> env = new HashMap<>(MINIMAL);
    env.put(key, value);
    assertThatThrownBy(() -> ChouetteConfig.fromEnv(env))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .singleElement()
                    .asString()
                    .startsWith(problem));
  }

  @Test
  void everyBadOptionIsReportedAtOnce() {
    Map<String, String> env = new HashMap<>(MINIMAL);
    env.put("DOGSTATSD_TAGS", "nope");
    env.put("DOGSTATSD_MAPPER_PROFILES", "[1]");
    assertThatThrownBy(() -> ChouetteConfig.fromEnv(env))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(2));
  }
}
