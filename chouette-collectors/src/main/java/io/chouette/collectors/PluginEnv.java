package io.chouette.collectors;

import io.chouette.core.config.EnvReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads for the plugins' own environment variables, on top of {@link EnvReader}. */
public final class PluginEnv {

  private PluginEnv() {}

  /**
   * A JSON list of choices, e.g. {@code HOST_COLLECTOR_METRICS=["cpu","ram"]}, compared without
   * case. An unknown choice is a problem naming the valid ones, so a typo is not silently ignored.
   */
  public static <E extends Enum<E>> Set<E> choices(
      EnvReader env, String key, Set<E> defaultValue, Class<E> type) {
    List<String> names = env.stringList(key, null);
    if (names == null) {
      return defaultValue;
    }
    EnumSet<E> chosen = EnumSet.noneOf(type);
    List<String> unknown = new ArrayList<>();
    for (String name : names) {
      E choice = parse(name, type);
      if (choice == null) {
        unknown.add(name);
      } else {
        chosen.add(choice);
      }
    }
    if (!unknown.isEmpty()) {
      env.problem(key, "a JSON list of " + names(type), env.raw(key));
      return defaultValue;
    }
    return chosen;
  }

  /**
   * How long one request of a plugin may take: 80 % of the capture interval (the {@code
   * captureInterval} its provider is given), between 1 and 10 seconds, so that a plugin gives up on
   * a dead source before its actor gives up on the plugin.
   */
  public static Duration requestTimeout(Duration captureInterval) {
    long millis = Math.max(1_000, Math.min(10_000, captureInterval.toMillis() * 8 / 10));
    return Duration.ofMillis(millis);
  }

  /** The enum constant named {@code name} without case, or null. */
  public static <E extends Enum<E>> E parse(String name, Class<E> type) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(name.trim())) {
        return constant;
      }
    }
    return null;
  }

  /** {@code ["cpu", "fs", ...]}: the lower-case names users write. */
  public static <E extends Enum<E>> List<String> names(Class<E> type) {
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(constant.name().toLowerCase(Locale.ROOT));
    }
    return names;
  }
}
