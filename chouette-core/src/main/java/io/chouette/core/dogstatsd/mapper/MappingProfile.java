package io.chouette.core.dogstatsd.mapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One profile of {@code DOGSTATSD_MAPPER_PROFILES}, as the Agent's {@code
 * dogstatsd_mapper_profiles} entry: only names that start with {@code prefix} ({@code *}: every
 * name) are looked up in its rules.
 *
 * <pre>{@code
 * {"name": "airflow", "prefix": "airflow.", "mappings": [
 *   {"match": "airflow.job.duration.*.*", "name": "airflow.job.duration",
 *    "tags": {"job_type": "$1", "job_name": "$2"}}]}
 * }</pre>
 *
 * @param name the profile's name (required)
 * @param prefix the names it applies to (required)
 * @param mappings its rules, tried in order
 */
public record MappingProfile(String name, String prefix, List<Rule> mappings) {

  public MappingProfile {
    mappings = List.copyOf(mappings);
  }

  /**
   * One mapping rule.
   *
   * @param match the pattern: a wildcard pattern ({@code *} is one dot-free part of the name) or,
   *     with {@code match_type} {@code regex}, a regular expression (Go syntax); either must match
   *     the whole name
   * @param matchType {@code wildcard} (when empty) or {@code regex}
   * @param name the new name; {@code $1}, {@code ${1}}, {@code ${group}} are the captures
   * @param tags tag key to value template, captures as in {@code name}; kept in their given order
   */
  public record Rule(String match, String matchType, String name, Map<String, String> tags) {

    public Rule {
      Objects.requireNonNull(match);
      Objects.requireNonNull(matchType);
      Objects.requireNonNull(name);
      tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }
  }
}
