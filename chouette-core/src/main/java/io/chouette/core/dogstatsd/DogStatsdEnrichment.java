package io.chouette.core.dogstatsd;

import io.chouette.core.config.DogStatsdEnrichmentConfig;
import io.chouette.core.dogstatsd.mapper.MapResult;
import io.chouette.core.dogstatsd.mapper.MetricMapper;
import io.chouette.core.event.Event;
import io.chouette.core.event.ServiceCheck;
import io.chouette.core.metric.MetricType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server adds to what clients send (DOGSTATSD.md "Enrichment"), in the Agent's order
 * ({@code server.go} parseMetricMessage, {@code enrich.go}): the mapper renames the metric and
 * appends the tags it extracts to the metric's own; then the namespace prefixes the (mapped) name
 * unless it starts with a blocklisted prefix; then {@code DOGSTATSD_TAGS} are appended. Events and
 * service checks get their sender's container tags (origin detection) and {@code DOGSTATSD_TAGS}.
 *
 * <p>All of it happens when a metric line's context is first resolved ({@link LiveContexts}): the
 * result depends only on the name and tags as sent, so every later line spelled the same way finds
 * its enriched context by its raw bytes at no extra cost, and a renamed metric lands in the context
 * of its new name, whatever its type.
 */
final class DogStatsdEnrichment {

  private static final Logger log = LoggerFactory.getLogger(DogStatsdEnrichment.class);

  /** Adds nothing. */
  static final DogStatsdEnrichment NONE = new DogStatsdEnrichment(DogStatsdEnrichmentConfig.NONE);

  private final List<String> extraTags;
  private final String namespace;
  private final List<String> namespaceBlocklist;
  private final MetricMapper mapper; // null without profiles

  DogStatsdEnrichment(DogStatsdEnrichmentConfig config) {
    this.extraTags = config.tags();
    this.namespace = config.namespace();
    this.namespaceBlocklist = config.namespaceBlocklist();
    this.mapper =
        config.mapperProfiles().isEmpty()
            ? null
            : MetricMapper.compile(config.mapperProfiles(), config.mapperCacheSize());
    if (config.enabled()) {
      log.info(
          "DogStatsD enrichment: namespace \"{}\", {} extra tag(s), {} mapper profile(s) (cache"
              + " {})",
          namespace,
          extraTags.size(),
          config.mapperProfiles().size(),
          config.mapperCacheSize());
    }
  }

  /**
   * The context of a metric line sent as {@code sentName} with the tag field {@code b[start, end)}.
   */
  ContextTable.Key contextKey(
      String sentName, MetricType type, byte[] b, int tagsStart, int tagsEnd) {
    String name = sentName;
    List<String> added = extraTags;
    if (mapper != null) {
      Optional<MapResult> mapped = mapper.map(sentName);
      if (mapped.isPresent()) {
        name = mapped.get().name();
        added = concat(mapped.get().tags(), extraTags);
      }
    }
    if (!namespace.isEmpty() && !namespaceBlocked(name)) {
      name = namespace + name;
    }
    return new ContextTable.Key(name, type, CanonicalTags.of(b, tagsStart, tagsEnd, added));
  }

  /** The event with {@code originTags} then {@code DOGSTATSD_TAGS} appended to its tags. */
  Event event(Event event, List<String> originTags) {
    if (originTags.isEmpty() && extraTags.isEmpty()) {
      return event;
    }
    return new Event(
        event.title(),
        event.text(),
        event.timestamp(),
        event.host(),
        event.aggregationKey(),
        event.priority(),
        event.sourceType(),
        event.alertType(),
        concat(concat(event.tags(), originTags), extraTags));
  }

  /** The check with {@code originTags} then {@code DOGSTATSD_TAGS} appended to its tags. */
  ServiceCheck serviceCheck(ServiceCheck check, List<String> originTags) {
    if (originTags.isEmpty() && extraTags.isEmpty()) {
      return check;
    }
    return new ServiceCheck(
        check.name(),
        check.status(),
        check.timestamp(),
        check.host(),
        check.message(),
        concat(concat(check.tags(), originTags), extraTags));
  }

  private boolean namespaceBlocked(String name) {
    for (String prefix : namespaceBlocklist) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> concat(List<String> first, List<String> second) {
    if (second.isEmpty()) {
      return first;
    }
    List<String> all = new ArrayList<>(first.size() + second.size());
    all.addAll(first);
    all.addAll(second);
    return all;
  }
}
