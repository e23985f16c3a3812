package io.chouette.core.metric;

import java.util.List;

/** A raw metric record read from the raw queue: a usable sample, or the reason it is not one. */
public sealed interface RawRecord {

  /**
   * One sample as a client wrote it.
   *
   * @param tags sorted {@code "k:v"} strings, values spelt as Python's {@code str()}
   * @param value the numeric value (NaN for sets)
   * @param members canonical set members (empty for other types)
   */
  record Sample(
      String name,
      MetricType type,
      List<String> tags,
      double value,
      List<String> members,
      double timestamp)
      implements RawRecord {
    public Sample {
      tags = List.copyOf(tags);
      members = List.copyOf(members);
    }
  }

  /** Not a usable sample; dropped and counted. */
  record Rejected(String reason) implements RawRecord {}
}
