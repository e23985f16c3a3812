package io.chouette.core.dogstatsd.mapper;

import java.util.List;

/**
 * What a matching rule makes of a metric name.
 *
 * @param name the new name
 * @param tags {@code key:value} tags to add to the metric's own, in the rule's order
 */
public record MapResult(String name, List<String> tags) {

  public MapResult {
    tags = List.copyOf(tags);
  }
}
