package io.chouette.core.config;

import java.util.List;

/**
 * The environment is not a configuration Chouette can run with. The message lists every problem
 * found, each as {@code KEY: expected ..., found "..."}, on one line; secrets are never quoted.
 */
public class ConfigException extends RuntimeException {

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String problem) {
    this(List.of(problem));
  }

  /** Each problem on its own, in the order found. */
  public List<String> problems() {
    return problems;
  }
}
