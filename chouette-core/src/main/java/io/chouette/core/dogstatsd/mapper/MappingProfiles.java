package io.chouette.core.dogstatsd.mapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code DOGSTATSD_MAPPER_PROFILES}: the JSON form of the Agent's {@code
 * dogstatsd_mapper_profiles} YAML, a list of profiles.
 *
 * <pre>{@code
 * [{"name": "airflow", "prefix": "airflow.", "mappings": [
 *    {"match": "airflow.job.duration.*.*", "name": "airflow.job.duration",
 *     "tags": {"job_type": "$1", "job_name": "$2"}},
 *    {"match": "airflow\\.dag\\.(.*)\\.tasks", "match_type": "regex", "name": "airflow.dag.tasks",
 *     "tags": {"dag": "$1"}}]}]
 * }</pre>
 *
 * Stricter than the Agent's YAML reading, which ignores what it does not know: an unknown key (a
 * misspelt {@code mapping}, say) or a value of the wrong JSON type is an error here, so that a typo
 * cannot silently turn a rule off. A missing {@code name} or {@code prefix} is left to {@link
 * MetricMapper#compile}, which reports it in the Agent's words.
 */
public final class MappingProfiles {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> PROFILE_KEYS = Set.of("name", "prefix", "mappings");
  private static final Set<String> RULE_KEYS = Set.of("match", "match_type", "name", "tags");

  private MappingProfiles() {}

  /**
   * The profiles in {@code json}.
   *
   * @throws IllegalArgumentException saying what is wrong and where
   */
  public static List<MappingProfile> parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not JSON: " + e.getOriginalMessage().replace('\n', ' '), e);
    }
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException("expected a JSON list of profiles");
    }
    List<MappingProfile> profiles = new ArrayList<>();
    for (int p = 0; p < root.size(); p++) {
      profiles.add(profile(root.get(p), "profile " + p));
    }
    return List.copyOf(profiles);
  }

  private static MappingProfile profile(JsonNode node, String where) {
    requireObject(node, where, PROFILE_KEYS);
    List<MappingProfile.Rule> rules = new ArrayList<>();
    JsonNode mappings = node.get("mappings");
    if (mappings != null && !mappings.isNull()) {
      if (!mappings.isArray()) {
        throw new IllegalArgumentException(where + ": \"mappings\" must be a list");
      }
      for (int r = 0; r < mappings.size(); r++) {
        rules.add(rule(mappings.get(r), where + ", mapping num " + r));
      }
    }
    return new MappingProfile(text(node, "name", where), text(node, "prefix", where), rules);
  }

  private static MappingProfile.Rule rule(JsonNode node, String where) {
    requireObject(node, where, RULE_KEYS);
    Map<String, String> tags = new LinkedHashMap<>();
    JsonNode tagsNode = node.get("tags");
    if (tagsNode != null && !tagsNode.isNull()) {
      if (!tagsNode.isObject()) {
        throw new IllegalArgumentException(
            where + ": \"tags\" must be an object of tag names to values");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = tagsNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> tag = it.next();
        if (!tag.getValue().isTextual()) {
          throw new IllegalArgumentException(
              where + ": the value of tag \"" + tag.getKey() + "\" must be a string");
        }
        tags.put(tag.getKey(), tag.getValue().textValue());
      }
    }
    return new MappingProfile.Rule(
        text(node, "match", where),
        text(node, "match_type", where),
        text(node, "name", where),
        tags);
  }

  private static void requireObject(JsonNode node, String where, Set<String> keys) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + ": expected a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!keys.contains(key)) {
        throw new IllegalArgumentException(
            where
                + ": unknown key \""
                + key
                + "\" (expected "
                + keys.stream().sorted().toList()
                + ")");
      }
    }
  }

  /** The string at {@code key}; empty when missing or null. */
  private static String text(JsonNode node, String key, String where) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(where + ": \"" + key + "\" must be a string");
    }
    return value.textValue();
  }
}
