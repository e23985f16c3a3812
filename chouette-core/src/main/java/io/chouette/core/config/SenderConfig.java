package io.chouette.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The senders' settings (metrics and logs).
 *
 * @param apiKey {@code API_KEY}, required; travels only in the {@code DD-API-KEY} header
 * @param globalTags {@code GLOBAL_TAGS}, required JSON list, added to every metric and log
 * @param host {@code HOST}: the series' host field, empty for none
 * @param datadogUrl {@code DATADOG_URL} (default https://api.datadoghq.com/api)
 * @param logsUrl {@code DATADOG_LOGS_URL} (default https://http-intake.logs.datadoghq.com)
 * @param releaseInterval {@code RELEASE_INTERVAL} (default 60 s)
 * @param metricTtl {@code METRIC_TTL} (default 14400 s)
 * @param logTtl {@code LOG_TTL} (default 64800 s)
 * @param sketchTtl {@code SKETCH_TTL} (default 3600 s): Datadog's historical ingestion does not
 *     cover distributions, so an older sketch is dropped instead of sent
 * @param eventTtl {@code EVENT_TTL} (default 64800 s: Datadog refuses events older than 18 h)
 * @param serviceCheckTtl {@code SERVICE_CHECK_TTL} (default 600 s: Datadog refuses check runs older
 *     than 10 minutes)
 * @param metricsBulkSize {@code METRICS_BULK_SIZE} (default 10000)
 * @param logsBulkSize {@code LOGS_BULK_SIZE} (default 500)
 * @param maxBulksPerTick {@code MAX_BULKS_PER_TICK}: at most this many bulks per tick while
 *     draining a backlog; 0 (the default, unset) drains until less than a bulk is left
 * @param sendSelfMetrics {@code SEND_SELF_METRICS} (default true)
 * @param httpsProxy {@code HTTPS_PROXY}, when set
 * @param noProxy {@code NO_PROXY}: comma-separated hosts that bypass the proxy
 * @param sendMaxKbps {@code SEND_MAX_KBPS}: at most this many kilobytes (1,000 bytes) of payload,
 *     as sent (compressed), per second over all senders; 0 (the default) for no limit
 * @param historicalMetrics {@code DATADOG_HISTORICAL_METRICS} (default true): send metric points
 *     older than Datadog's one-hour ingestion window (after the younger ones); false drops them
 */
public record SenderConfig(
    String apiKey,
    List<String> globalTags,
    String host,
    URI datadogUrl,
    URI logsUrl,
    Duration releaseInterval,
    Duration metricTtl,
    Duration logTtl,
    Duration sketchTtl,
    Duration eventTtl,
    Duration serviceCheckTtl,
    int metricsBulkSize,
    int logsBulkSize,
    int maxBulksPerTick,
    boolean sendSelfMetrics,
    Optional<URI> httpsProxy,
    List<String> noProxy,
    int sendMaxKbps,
    boolean historicalMetrics) {

  public static final String DEFAULT_DATADOG_URL = "https://api.datadoghq.com/api";
  public static final String DEFAULT_LOGS_URL = "https://http-intake.logs.datadoghq.com";

  public SenderConfig {
    globalTags = List.copyOf(globalTags);
    noProxy = List.copyOf(noProxy);
  }

  /**
   * Reads the senders' settings alone; throws one {@link ConfigException} listing every problem.
   */
  public static SenderConfig fromEnv(Map<String, String> env) {
    EnvReader reader = new EnvReader(env);
    SenderConfig config = read(reader);
    reader.throwIfProblems();
    return config;
  }

  /**
   * How long a sender waits for the Storage actor to answer one request before it gives up on the
   * current run (the next tick starts afresh). Storage requests are local and bounded by the bulk
   * size, so this is generous rather than tight.
   */
  public Duration storageTimeout() {
    return Duration.ofSeconds(10);
  }

  /**
   * The longest pause between two attempts after repeated failures (408, 429, 5xx, timeouts,
   * connection errors): five minutes, or the release interval when that is longer.
   */
  public Duration maxBackoff() {
    Duration fiveMinutes = Duration.ofMinutes(5);
    return releaseInterval.compareTo(fiveMinutes) > 0 ? releaseInterval : fiveMinutes;
  }

  /**
   * The HTTP timeout: 0.8 × the release interval, but never under one second (so that {@code
   * RELEASE_INTERVAL=1} still leaves a request time to finish) nor over 30 s.
   */
  public Duration httpTimeout() {
    long millis = (long) (releaseInterval.toMillis() * 0.8);
    return Duration.ofMillis(Math.max(1000, Math.min(30_000, millis)));
  }

  @Override
  public String toString() {
    return "SenderConfig[apiKey=<redacted>, globalTags="
        + globalTags
        + ", host="
        + host
        + ", datadogUrl="
        + datadogUrl
        + ", logsUrl="
        + logsUrl
        + ", releaseInterval="
        + releaseInterval
        + ", metricTtl="
        + metricTtl
        + ", logTtl="
        + logTtl
        + ", sketchTtl="
        + sketchTtl
        + ", eventTtl="
        + eventTtl
        + ", serviceCheckTtl="
        + serviceCheckTtl
        + ", metricsBulkSize="
        + metricsBulkSize
        + ", logsBulkSize="
        + logsBulkSize
        + ", maxBulksPerTick="
        + maxBulksPerTick
        + ", sendSelfMetrics="
        + sendSelfMetrics
        + ", httpsProxy="
        + httpsProxy.map(p -> p.getHost() + ":" + p.getPort()).orElse("none")
        + ", noProxy="
        + noProxy
        + ", sendMaxKbps="
        + sendMaxKbps
        + ", historicalMetrics="
        + historicalMetrics
        + "]";
  }

  static SenderConfig read(EnvReader env) {
    String apiKey = env.requiredString("API_KEY");
    List<String> globalTags;
    if (env.raw("GLOBAL_TAGS") == null) {
      env.problem("GLOBAL_TAGS: required, not set (a JSON list of strings, e.g. [\"env:prod\"])");
      globalTags = List.of();
    } else {
      globalTags = env.stringList("GLOBAL_TAGS", List.of());
    }
    Optional<URI> proxy = Optional.empty();
    String proxyValue = env.string("HTTPS_PROXY", env.string("https_proxy", ""));
    if (!proxyValue.isBlank()) {
      try {
        URI uri = URI.create(proxyValue.contains("://") ? proxyValue : "http://" + proxyValue);
        if (uri.getHost() == null) {
          env.problem("HTTPS_PROXY", "a proxy URL such as http://proxy:3128", proxyValue);
        } else {
          proxy = Optional.of(uri);
        }
      } catch (IllegalArgumentException e) {
        env.problem("HTTPS_PROXY", "a proxy URL such as http://proxy:3128", proxyValue);
      }
    }
    String noProxy = env.string("NO_PROXY", env.string("no_proxy", ""));
    return new SenderConfig(
        apiKey,
        globalTags,
        env.string("HOST", ""),
        env.httpUrl("DATADOG_URL", DEFAULT_DATADOG_URL),
        env.httpUrl("DATADOG_LOGS_URL", DEFAULT_LOGS_URL),
        env.positiveSeconds("RELEASE_INTERVAL", 60),
        env.positiveSeconds("METRIC_TTL", 14400),
        env.positiveSeconds("LOG_TTL", 64800),
        env.positiveSeconds("SKETCH_TTL", 3600),
        env.positiveSeconds("EVENT_TTL", 64800),
        env.positiveSeconds("SERVICE_CHECK_TTL", 600),
        env.integer("METRICS_BULK_SIZE", 10000, 1),
        env.integer("LOGS_BULK_SIZE", 500, 1),
        env.integer("MAX_BULKS_PER_TICK", 0, 1),
        env.bool("SEND_SELF_METRICS", true),
        proxy,
        java.util.Arrays.stream(noProxy.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList(),
        env.integer("SEND_MAX_KBPS", 0, 0),
        env.bool("DATADOG_HISTORICAL_METRICS", true));
  }
}
