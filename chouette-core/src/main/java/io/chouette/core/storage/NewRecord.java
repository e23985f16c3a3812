package io.chouette.core.storage;

import java.util.Objects;

/** A record to store: its timestamp (unix seconds, the sorted-set score) and its JSON text. */
public record NewRecord(double timestamp, String json) {
  public NewRecord {
    Objects.requireNonNull(json, "json");
  }
}
