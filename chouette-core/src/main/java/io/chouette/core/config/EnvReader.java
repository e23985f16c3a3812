package io.chouette.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Typed reads of environment variables that collect every problem instead of stopping at the first;
 * {@link #throwIfProblems()} then reports them all at once.
 *
 * <p>Variables whose values are secret ({@code API_KEY}, passwords, URLs that may carry one) are
 * named in problems but their values are never quoted.
 */
public final class EnvReader {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> SECRET_KEYS =
      Set.of("API_KEY", "DD_API_KEY", "REDIS_PASSWORD", "REDIS_URL", "HTTPS_PROXY");

  private final Map<String, String> env;
  private final List<String> problems = new ArrayList<>();

  public EnvReader(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The raw value, or null when unset. Empty counts as set. */
  public String raw(String key) {
    return env.get(key);
  }

  /** A required, non-blank string. */
  public String requiredString(String key) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      problem(key + ": required, not set");
      return "";
    }
    return value;
  }

  public String string(String key, String defaultValue) {
    String value = env.get(key);
    return value == null ? defaultValue : value.trim();
  }

  /** An integer that must be at least {@code min}. */
  public int integer(String key, int defaultValue, int min) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < min) {
        problem(key, "an integer >= " + min, value);
        return defaultValue;
      }
      return parsed;
    } catch (NumberFormatException e) {
      problem(key, "an integer >= " + min, value);
      return defaultValue;
    }
  }

  /** A TCP or UDP port from {@code min} (0 where 0 turns a listener off) to 65535. */
  public int port(String key, int defaultValue, int min) {
    int port = integer(key, defaultValue, min);
    if (port > 65535) {
      problem(key, "a port between " + min + " and 65535", env.get(key));
      return defaultValue;
    }
    return port;
  }

  /** A whole number of seconds, strictly positive. */
  public Duration positiveSeconds(String key, int defaultSeconds) {
    return Duration.ofSeconds(integer(key, defaultSeconds, 1));
  }

  /** {@code true/false}, also {@code 1/0}, {@code yes/no}, {@code on/off}. */
  public boolean bool(String key, boolean defaultValue) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on", "y", "t":
        return true;
      case "false", "0", "no", "off", "n", "f":
        return false;
      default:
        problem(key, "true or false", value);
        return defaultValue;
    }
  }

  /** A JSON list of strings, e.g. {@code ["env:prod","team:iot"]}. */
  public List<String> stringList(String key, List<String> defaultValue) {
    JsonNode node = json(key, "a JSON list of strings");
    if (node == null) {
      return defaultValue;
    }
    if (!node.isArray()) {
      problem(key, "a JSON list of strings", env.get(key));
      return defaultValue;
    }
    List<String> values = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        problem(key, "a JSON list of strings", env.get(key));
        return defaultValue;
      }
      values.add(item.asText());
    }
    return List.copyOf(values);
  }

  /** A JSON list of numbers, e.g. {@code [0.95, 0.99]}. */
  public List<Double> numberList(String key, List<Double> defaultValue) {
    JsonNode node = json(key, "a JSON list of numbers");
    if (node == null) {
      return defaultValue;
    }
    if (!node.isArray()) {
      problem(key, "a JSON list of numbers", env.get(key));
      return defaultValue;
    }
    List<Double> values = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isNumber()) {
        problem(key, "a JSON list of numbers", env.get(key));
        return defaultValue;
      }
      values.add(item.asDouble());
    }
    return List.copyOf(values);
  }

  /** A JSON object whose values are lists of strings, e.g. {@code {"pods":["memory"]}}. */
  public Map<String, List<String>> stringListMap(
      String key, Map<String, List<String>> defaultValue) {
    String expected = "a JSON object of string lists";
    JsonNode node = json(key, expected);
    if (node == null) {
      return defaultValue;
    }
    if (!node.isObject()) {
      problem(key, expected, env.get(key));
      return defaultValue;
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    var fields = node.fields();
    while (fields.hasNext()) {
      var field = fields.next();
      if (!field.getValue().isArray()) {
        problem(key, expected, env.get(key));
        return defaultValue;
      }
      List<String> items = new ArrayList<>();
      for (JsonNode item : field.getValue()) {
        if (!item.isTextual()) {
          problem(key, expected, env.get(key));
          return defaultValue;
        }
        items.add(item.asText());
      }
      values.put(field.getKey(), List.copyOf(items));
    }
    return Map.copyOf(values);
  }

  /** An absolute http(s) URL; a trailing slash is removed. */
  public URI httpUrl(String key, String defaultValue) {
    String value = string(key, defaultValue);
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme();
      if (uri.getHost() == null
          || scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
        problem(key, "an http(s) URL", value);
        return URI.create(defaultValue);
      }
      return value.endsWith("/") ? URI.create(value.substring(0, value.length() - 1)) : uri;
    } catch (URISyntaxException e) {
      problem(key, "an http(s) URL", value);
      return URI.create(defaultValue);
    }
  }

  /** One of {@code allowed} (compared case-insensitively, returned lower-cased). */
  public String oneOf(String key, String defaultValue, Set<String> allowed) {
    String value = string(key, defaultValue).toLowerCase(Locale.ROOT);
    if (!allowed.contains(value)) {
      problem(key, "one of " + allowed.stream().sorted().toList(), env.get(key));
      return defaultValue;
    }
    return value;
  }

  /** Records a problem found by a caller's own validation. */
  public void problem(String key, String expected, String found) {
    if (SECRET_KEYS.contains(key)) {
      problem(key + ": expected " + expected + " (value not shown)");
    } else {
      problem(key + ": expected " + expected + ", found \"" + found + "\"");
    }
  }

  /** Records a problem in free form ({@code KEY: ...}); a variable read twice is reported once. */
  public void problem(String message) {
    if (!problems.contains(message)) {
      problems.add(message);
    }
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** Throws one {@link ConfigException} listing every problem found so far, if any. */
  public void throwIfProblems() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  private JsonNode json(String key, String expected) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return MAPPER.readTree(value);
    } catch (JsonProcessingException e) {
      problem(key, expected, value);
      return null;
    }
  }
}
