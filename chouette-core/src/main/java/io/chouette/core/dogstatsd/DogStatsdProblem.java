package io.chouette.core.dogstatsd;

/** Why a DogStatsD line was rejected; each names the rule of DOGSTATSD.md it breaks. */
public enum DogStatsdProblem {
  /** §3.1: a metric line needs at least one {@code |}. */
  NO_PIPE("no '|' in the line"),
  /** §3.2: {@code name:value} with a non-empty name and value. */
  NAME_OR_VALUE("expected name:value before the first '|'"),
  /** §3.3: the type must be exactly one of g, c, ms, h, s, d. */
  TYPE("unknown metric type (expected g, c, ms, h, s or d)"),
  /** §3.4, §4: every (packed) value must be a finite number in Go syntax. */
  VALUE("value is not a finite number"),
  /** §3.6 and Chouette's decision: the rate must be a number in (0, 1]. */
  SAMPLE_RATE("sample rate is not a number in (0, 1]"),
  /** §3.7: {@code T} must be followed by a base-10 integer >= 1. */
  TIMESTAMP("timestamp is not an integer >= 1"),
  /** §8: event header, lengths or body. */
  EVENT("malformed event"),
  /** §8: service check name or status. */
  SERVICE_CHECK("malformed service check");

  private final String description;

  DogStatsdProblem(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
