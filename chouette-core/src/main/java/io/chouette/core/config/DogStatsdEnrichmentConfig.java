package io.chouette.core.config;

import io.chouette.core.dogstatsd.mapper.MappingProfile;
import io.chouette.core.dogstatsd.mapper.MappingProfiles;
import io.chouette.core.dogstatsd.mapper.MetricMapper;
import java.util.List;

/**
 * What the DogStatsD server adds to what clients send, as the Agent's options of the same names
 * (without {@code DD_}): docs/DOGSTATSD.md, "Enrichment".
 *
 * @param tags {@code DOGSTATSD_TAGS}: added to every DogStatsD metric, event and service check
 * @param namespace {@code DOGSTATSD_METRIC_NAMESPACE}: prefix of every DogStatsD metric name, with
 *     its trailing {@code .}; empty when off
 * @param namespaceBlocklist {@code DOGSTATSD_METRIC_NAMESPACE_BLOCKLIST}: names starting with one
 *     of these get no namespace
 * @param mapperProfiles {@code DOGSTATSD_MAPPER_PROFILES}, validated; empty when off
 * @param mapperCacheSize {@code DOGSTATSD_MAPPER_CACHE_SIZE}: names whose mapping is remembered
 */
public record DogStatsdEnrichmentConfig(
    List<String> tags,
    String namespace,
    List<String> namespaceBlocklist,
    List<MappingProfile> mapperProfiles,
    int mapperCacheSize) {

  /** The Agent's {@code statsd_metric_namespace_blocklist} default. */
  public static final List<String> DEFAULT_NAMESPACE_BLOCKLIST =
      List.of(
          "datadog.agent",
          "datadog.dogstatsd",
          "datadog.process",
          "datadog.trace_agent",
          "datadog.tracer",
          "activemq",
          "activemq_58",
          "airflow",
          "cassandra",
          "confluent",
          "hazelcast",
          "hive",
          "ignite",
          "jboss",
          "jvm",
          "kafka",
          "presto",
          "sidekiq",
          "solr",
          "tomcat",
          "runtime");

  /** The Agent's {@code dogstatsd_mapper_cache_size} default. */
  public static final int DEFAULT_MAPPER_CACHE_SIZE = 1000;

  /** Nothing added: what the server does without any of these variables. */
  public static final DogStatsdEnrichmentConfig NONE =
      new DogStatsdEnrichmentConfig(
          List.of(), "", DEFAULT_NAMESPACE_BLOCKLIST, List.of(), DEFAULT_MAPPER_CACHE_SIZE);

  public DogStatsdEnrichmentConfig {
    tags = List.copyOf(tags);
    namespaceBlocklist = List.copyOf(namespaceBlocklist);
    mapperProfiles = List.copyOf(mapperProfiles);
  }

  /** Whether any of the options is on. */
  public boolean enabled() {
    return !tags.isEmpty() || !namespace.isEmpty() || !mapperProfiles.isEmpty();
  }

  static DogStatsdEnrichmentConfig read(EnvReader env) {
    List<String> tags = env.stringList("DOGSTATSD_TAGS", List.of());
    if (tags.stream().anyMatch(String::isBlank)) {
      env.problem("DOGSTATSD_TAGS", "a JSON list of non-empty tags", env.raw("DOGSTATSD_TAGS"));
      tags = List.of();
    }
    String namespace = env.string("DOGSTATSD_METRIC_NAMESPACE", "");
    if (!namespace.isEmpty() && !namespace.endsWith(".")) {
      namespace = namespace + ".";
    }
    List<String> blocklist =
        env.stringList("DOGSTATSD_METRIC_NAMESPACE_BLOCKLIST", DEFAULT_NAMESPACE_BLOCKLIST);
    int cacheSize = env.integer("DOGSTATSD_MAPPER_CACHE_SIZE", DEFAULT_MAPPER_CACHE_SIZE, 1);
    return new DogStatsdEnrichmentConfig(
        tags, namespace, blocklist, mapperProfiles(env), cacheSize);
  }

  private static List<MappingProfile> mapperProfiles(EnvReader env) {
    String json = env.raw("DOGSTATSD_MAPPER_PROFILES");
    if (json == null || json.isBlank()) {
      return List.of();
    }
    try {
      List<MappingProfile> profiles = MappingProfiles.parse(json);
      MetricMapper.compile(profiles, DEFAULT_MAPPER_CACHE_SIZE); // reports a bad rule now
      return profiles;
    } catch (IllegalArgumentException e) {
      env.problem("DOGSTATSD_MAPPER_PROFILES: " + e.getMessage());
      return List.of();
    }
  }
}
