package io.chouette.core.dogstatsd;

import java.util.List;

/**
 * One parsed DogStatsD line as an immutable value: what {@link DogStatsdParser#parse(byte[])}
 * returns, for tests and tools. The receive path uses the allocation-free {@link ParsedLine}
 * instead; both come from the same parsing code.
 */
public sealed interface DogStatsdLine {

  /**
   * A metric line, e.g. {@code page.views:1:2|c|@0.5|#env:prod,web}.
   *
   * @param name the name, as sent
   * @param type the wire type
   * @param values the numbers, in order (one per packed value); empty for sets
   * @param setMember the member for sets, null otherwise
   * @param sampleRate the {@code @} rate, 1 when absent
   * @param tags the {@code #} tags as sent (split on commas, empty ones dropped), in order
   * @param timestamp the {@code T} unix seconds, 0 when absent
   */
  record Metric(
      String name,
      DogStatsdType type,
      List<Double> values,
      String setMember,
      double sampleRate,
      List<String> tags,
      long timestamp)
      implements DogStatsdLine {
    public Metric {
      values = List.copyOf(values);
      tags = List.copyOf(tags);
    }
  }

  /** A valid event ({@code _e{5,4}:title|text}); Chouette counts it and drops it. */
  record Event(String title, String text) implements DogStatsdLine {}

  /** A valid service check ({@code _sc|name|0}); Chouette counts it and drops it. */
  record ServiceCheck(String name, int status) implements DogStatsdLine {}

  /**
   * A malformed line.
   *
   * @param of whether it was a metric, an event or a service check
   * @param problem the rule it broke
   * @param line the line as received (decoded as UTF-8)
   */
  record Invalid(ParsedLine.Kind of, DogStatsdProblem problem, String line)
      implements DogStatsdLine {}
}
