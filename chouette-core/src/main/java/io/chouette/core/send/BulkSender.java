package io.chouette.core.send;

import io.chouette.core.storage.StoredRecord;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Sends one bulk of stored records: parse, split to Datadog's limits, deflate, POST, and isolate
 * what Datadog refuses. Blocking; runs on the blocking dispatcher.
 *
 * <p>Payloads go out oldest first. On 2xx the payload's records are delivered. On 400 or 413 the
 * payload is split in halves, each sent on its own, down to single records: a record refused alone
 * is dropped, so one bad record costs about 2·log2(n) extra requests instead of blocking the queue
 * until its TTL. Any other answer (403, 404, 408, 429, 5xx, timeout, connection failure) stops the
 * bulk: what is not settled yet stays queued for a later tick.
 */
final class BulkSender<T> {

  /** Bytes of a payload beyond its items (brackets, the {@code "series"} key). */
  private static final long ENVELOPE_BYTES = 64;

  private final PayloadFormat<T> format;
  private final DatadogClient client;
  private final URI endpoint;

  BulkSender(PayloadFormat<T> format, DatadogClient client, URI endpoint) {
    this.format = format;
    this.client = client;
    this.endpoint = endpoint;
  }

  PayloadFormat<T> format() {
    return format;
  }

  BulkResult send(List<StoredRecord> records) {
    return sendParsed(format.parse(records));
  }

  /**
   * Parses the records {@code handOver} holds, taking them out of it, so that they (the larger part
   * of a bulk in memory) can be collected while the bulk is sent; the answer sends the bulk.
   */
  Supplier<BulkResult> prepare(AtomicReference<List<StoredRecord>> handOver) {
    PayloadFormat.Parsed<T> parsed = format.parse(handOver.getAndSet(null));
    return () -> sendParsed(parsed);
  }

  private BulkResult sendParsed(PayloadFormat.Parsed<T> parsed) {
    List<String> delivered = new ArrayList<>();
    List<BulkResult.Dropped> dropped = new ArrayList<>();
    for (PayloadFormat.Invalid invalid : parsed.invalid()) {
      dropped.add(
          new BulkResult.Dropped(invalid.key(), BulkResult.DropReason.INVALID, invalid.reason()));
    }
    long bytes = 0;
    long postedBytes = 0;
    int requests = 0;
    Optional<DatadogClient.Response> failure = Optional.empty();

    Deque<List<PayloadFormat.Item<T>>> pending = new ArrayDeque<>(chunks(parsed.items()));
    while (!pending.isEmpty()) {
      List<PayloadFormat.Item<T>> chunk = pending.pollFirst();
      byte[] body = format.encode(chunk);
      byte[] payload = body.length > format.maxUncompressedBytes() ? null : wireBytes(body);
      if (payload == null || payload.length > format.maxCompressedBytes()) {
        if (chunk.size() == 1) {
          PayloadFormat.Item<T> item = chunk.get(0);
          dropped.add(
              new BulkResult.Dropped(
                  item.key(),
                  BulkResult.DropReason.OVERSIZED,
                  "over Datadog's payload limit alone ("
                      + body.length
                      + " bytes): "
                      + format.describe(item)));
        } else {
          splitInto(pending, chunk);
        }
        continue;
      }
      DatadogClient.Response response =
          client.post(endpoint, payload, format.contentType(), format.deflated());
      requests++;
      postedBytes += payload.length;
      switch (response.verdict()) {
        case ACCEPTED -> {
          chunk.forEach(item -> delivered.add(item.key()));
          bytes += payload.length;
        }
        case REJECTED -> {
          if (chunk.size() == 1) {
            PayloadFormat.Item<T> item = chunk.get(0);
            dropped.add(
                new BulkResult.Dropped(
                    item.key(),
                    BulkResult.DropReason.REJECTED,
                    response.describe() + " for " + format.describe(item)));
          } else {
            splitInto(pending, chunk);
          }
        }
        default -> {
          failure = Optional.of(response);
          pending.clear();
        }
      }
    }
    return new BulkResult(
        delivered, dropped, parsed.truncated(), bytes, postedBytes, requests, failure);
  }

  private byte[] wireBytes(byte[] body) {
    return format.deflated() ? Deflate.compress(body) : body;
  }

  /** Consecutive runs of items within the entry-count and uncompressed-size limits. */
  private List<List<PayloadFormat.Item<T>>> chunks(List<PayloadFormat.Item<T>> items) {
    List<List<PayloadFormat.Item<T>>> chunks = new ArrayList<>();
    List<PayloadFormat.Item<T>> current = new ArrayList<>();
    long size = ENVELOPE_BYTES;
    for (PayloadFormat.Item<T> item : items) {
      boolean full =
          current.size() >= format.maxEntries()
              || size + item.size() > format.maxUncompressedBytes();
      if (full && !current.isEmpty()) {
        chunks.add(current);
        current = new ArrayList<>();
        size = ENVELOPE_BYTES;
      }
      current.add(item);
      size += item.size();
    }
    if (!current.isEmpty()) {
      chunks.add(current);
    }
    return chunks;
  }

  /** Puts both halves of {@code chunk} at the front of {@code pending}, first half first. */
  private static <T> void splitInto(
      Deque<List<PayloadFormat.Item<T>>> pending, List<PayloadFormat.Item<T>> chunk) {
    int middle = chunk.size() / 2;
    pending.addFirst(List.copyOf(chunk.subList(middle, chunk.size())));
    pending.addFirst(List.copyOf(chunk.subList(0, middle)));
  }
}
