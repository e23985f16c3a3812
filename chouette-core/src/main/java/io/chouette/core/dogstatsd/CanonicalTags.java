package io.chouette.core.dogstatsd;

import java.util.List;
import java.util.TreeSet;

/**
 * The tags that identify a context: sorted and unique, without empty ones (Chouette's decision) and
 * without the Agent's origin hints {@code dd.internal.entity_id:}, {@code dd.internal.card:},
 * {@code dd.internal.jmx_check_name:} (enrich.go extractTagsMetadata). {@code host:} stays a tag.
 */
final class CanonicalTags {

  private static final List<String> ORIGIN_HINT_PREFIXES =
      List.of("dd.internal.entity_id:", "dd.internal.card:", "dd.internal.jmx_check_name:");

  private CanonicalTags() {}

  /** The canonical tags of the tag field {@code b[start, end)}, e.g. {@code env:prod,a,a,}. */
  static List<String> of(byte[] b, int start, int end) {
    return of(b, start, end, List.of());
  }

  /** The canonical tags of the tag field {@code b[start, end)} together with {@code more}. */
  static List<String> of(byte[] b, int start, int end, List<String> more) {
    if (start == end && more.isEmpty()) {
      return List.of();
    }
    TreeSet<String> tags = new TreeSet<>();
    for (String tag : DogStatsdParser.splitTags(b, start, end)) {
      if (!isOriginHint(tag)) {
        tags.add(tag);
      }
    }
    for (String tag : more) {
      if (!tag.isEmpty() && !isOriginHint(tag)) {
        tags.add(tag);
      }
    }
    return List.copyOf(tags);
  }

  private static boolean isOriginHint(String tag) {
    if (!tag.startsWith("dd.internal.")) {
      return false;
    }
    for (String prefix : ORIGIN_HINT_PREFIXES) {
      if (tag.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
