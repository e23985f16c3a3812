package io.chouette.core.send;

import io.chouette.core.storage.StoredRecord;
import java.util.List;

/**
 * What differs between the metrics and the logs payloads: how stored records become payload items,
 * how items become one JSON body, and Datadog's limits for that body.
 *
 * @param <T> one record, ready to be encoded
 */
interface PayloadFormat<T> {

  /** A record ready to send: its store key, its content and its encoded size (an upper bound). */
  record Item<T>(String key, T value, long size) {}

  /** A record that will never be sent, with why (for one log line). */
  record Invalid(String key, String reason) {}

  /** The outcome of parsing a bulk. */
  record Parsed<T>(List<Item<T>> items, List<Invalid> invalid, int truncated) {
    public Parsed {
      items = List.copyOf(items);
      invalid = List.copyOf(invalid);
    }
  }

  /** {@code metrics} or {@code logs}: used in log lines and self-metric names. */
  String kind();

  /** Parses stored records; never throws on bad input (a bad record becomes {@link Invalid}). */
  Parsed<T> parse(List<StoredRecord> records);

  /** The uncompressed body for these items. */
  byte[] encode(List<Item<T>> items);

  /** The body's media type. */
  default String contentType() {
    return "application/json";
  }

  /** Whether the body is sent zlib-compressed ({@code Content-Encoding: deflate}). */
  default boolean deflated() {
    return true;
  }

  /** The most items one payload may hold. */
  int maxEntries();

  /** The largest uncompressed body Datadog accepts. */
  long maxUncompressedBytes();

  /** The largest body Datadog accepts as sent (compressed when {@link #deflated()}). */
  long maxCompressedBytes();

  /** A short, human description of one item for a log line (never the whole record). */
  String describe(Item<T> item);
}
