package io.chouette.core.dogstatsd.mapper;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The compiled {@code DOGSTATSD_MAPPER_PROFILES}, with the semantics of the Agent's {@code
 * pkg/dogstatsd/mapper}:
 *
 * <ul>
 *   <li>Profiles are tried in order; the <b>first</b> whose prefix starts the name ({@code *}
 *       matches any name) is the only one consulted: when none of its rules matches, the name is
 *       left alone, even if a later profile has a rule for it.
 *   <li>Within it, rules are tried in order and the first match wins.
 *   <li>A wildcard pattern may hold only {@code [a-zA-Z0-9-_*.]}, never {@code **}; each {@code *}
 *       matches one dot-free part ({@code ([^.]*)}). Any pattern is anchored as {@code ^pattern$}
 *       (so a regex {@code a|b} is {@code ^a|b$}, as in the Agent).
 *   <li>Results, misses included, are cached per name in an LRU of {@code cacheSize} entries, only
 *       for names that some profile's prefix lets in.
 * </ul>
 *
 * Thread-safe.
 */
public final class MetricMapper {

  private static final Pattern ALLOWED_WILDCARD = Pattern.compile("^[a-zA-Z0-9\\-_*.]+$");

  private record CompiledRule(
      Pattern pattern, Map<String, Integer> namedGroups, String name, Map<String, String> tags) {}

  private record CompiledProfile(String prefix, List<CompiledRule> rules) {
    boolean admits(String metricName) {
      return prefix.equals("*") || metricName.startsWith(prefix);
    }
  }

  private final List<CompiledProfile> profiles;
  private final MapperCache cache;

  private MetricMapper(List<CompiledProfile> profiles, int cacheSize) {
    this.profiles = profiles;
    this.cache = new MapperCache(cacheSize);
  }

  /**
   * Compiles the profiles.
   *
   * @throws IllegalArgumentException naming the first bad profile or rule, with the Agent's words
   *     ({@code missing profile name}, {@code missing prefix for profile}, {@code invalid match
   *     type}, {@code name is required}, {@code match is required}, a wildcard pattern that {@code
   *     does not match allowed match regex} or {@code should not contain consecutive `*`}, a regex
   *     that {@code cannot compile})
   */
  public static MetricMapper compile(List<MappingProfile> profiles, int cacheSize) {
    if (cacheSize < 1) {
      throw new IllegalArgumentException("the cache size must be at least 1, found " + cacheSize);
    }
    List<CompiledProfile> compiled = new ArrayList<>();
    for (int p = 0; p < profiles.size(); p++) {
      MappingProfile profile = profiles.get(p);
      if (profile.name() == null || profile.name().isEmpty()) {
        throw new IllegalArgumentException("missing profile name " + p);
      }
      if (profile.prefix() == null || profile.prefix().isEmpty()) {
        throw new IllegalArgumentException("missing prefix for profile: " + profile.name());
      }
      List<CompiledRule> rules = new ArrayList<>();
      for (int r = 0; r < profile.mappings().size(); r++) {
        rules.add(compileRule(profile.name(), r, profile.mappings().get(r)));
      }
      compiled.add(new CompiledProfile(profile.prefix(), List.copyOf(rules)));
    }
    return new MetricMapper(List.copyOf(compiled), cacheSize);
  }

  private static CompiledRule compileRule(String profile, int index, MappingProfile.Rule rule) {
    String where = "profile: " + profile + ", mapping num " + index + ": ";
    String matchType = rule.matchType().isEmpty() ? "wildcard" : rule.matchType();
    if (!matchType.equals("wildcard") && !matchType.equals("regex")) {
      throw new IllegalArgumentException(
          where + "invalid match type, must be `wildcard` or `regex`");
    }
    if (rule.name().isEmpty()) {
      throw new IllegalArgumentException(where + "name is required");
    }
    if (rule.match().isEmpty()) {
      throw new IllegalArgumentException(where + "match is required");
    }
    String regex = rule.match();
    if (matchType.equals("wildcard")) {
      if (!ALLOWED_WILDCARD.matcher(regex).find()) {
        throw new IllegalArgumentException(
            where
                + "invalid wildcard match pattern `"
                + regex
                + "`, it does not match allowed match regex `"
                + ALLOWED_WILDCARD.pattern()
                + "`");
      }
      if (regex.contains("**")) {
        throw new IllegalArgumentException(
            where
                + "invalid wildcard match pattern `"
                + regex
                + "`, it should not contain consecutive `*`");
      }
      regex = regex.replace(".", "\\.").replace("*", "([^.]*)");
    }
    try {
      Pattern pattern = Pattern.compile("^" + regex + "$");
      return new CompiledRule(pattern, pattern.namedGroups(), rule.name(), rule.tags());
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          where + "invalid match `" + regex + "`. cannot compile regex: " + e.getMessage());
    }
  }

  /** The new name and tags for {@code metricName}; empty when it is left alone. */
  public synchronized Optional<MapResult> map(String metricName) {
    for (CompiledProfile profile : profiles) {
      if (!profile.admits(metricName)) {
        continue;
      }
      Optional<MapResult> cached = cache.get(metricName);
      if (cached == null) {
        cached = apply(profile, metricName);
        cache.put(metricName, cached);
      }
      return cached;
    }
    return Optional.empty();
  }

  private static Optional<MapResult> apply(CompiledProfile profile, String metricName) {
    for (CompiledRule rule : profile.rules()) {
      Matcher match = rule.pattern().matcher(metricName);
      if (!match.find()) {
        continue;
      }
      String name = GoTemplate.expand(rule.name(), match, rule.namedGroups());
      List<String> tags = new ArrayList<>(rule.tags().size());
      rule.tags()
          .forEach(
              (key, value) ->
                  tags.add(key + ":" + GoTemplate.expand(value, match, rule.namedGroups())));
      return Optional.of(new MapResult(name, tags));
    }
    return Optional.empty();
  }

  /** Names cached now, at most the cache size. */
  // visible for testing
  synchronized int cachedNames() {
    return cache.size();
  }
}
