package io.chouette.core.send;

import java.util.LinkedHashSet;
import java.util.List;

/** Tag lists as the payloads send them. */
final class Tags {

  private Tags() {}

  /** {@code own} then {@code global}, each tag once, in that order. */
  static List<String> withGlobal(List<String> own, List<String> global) {
    if (global.isEmpty()) {
      return own;
    }
    LinkedHashSet<String> all = new LinkedHashSet<>(own);
    all.addAll(global);
    return List.copyOf(all);
  }
}
