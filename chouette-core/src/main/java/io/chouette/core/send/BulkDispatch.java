package io.chouette.core.send;

import io.chouette.core.storage.StoredRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Sends a bulk off the actor's thread, on the blocking dispatcher, in two steps: {@link BulkSender}
 * parses it, then (when the sender lets it go) posts it.
 */
final class BulkDispatch {

  private final BulkSender<?> sender;
  private final Executor blocking;

  BulkDispatch(BulkSender<?> sender, Executor blocking) {
    this.sender = sender;
    this.blocking = blocking;
  }

  /** Parses {@code records}; the answer, run by {@link #post}, sends them. */
  CompletableFuture<Supplier<BulkResult>> prepare(List<StoredRecord> records) {
    // Handed over, not captured: the records can be collected once parsed, while the bulk is sent.
    AtomicReference<List<StoredRecord>> handOver = new AtomicReference<>(records);
    return CompletableFuture.supplyAsync(() -> sender.prepare(handOver), blocking);
  }

  CompletableFuture<BulkResult> post(Supplier<BulkResult> prepared) {
    return CompletableFuture.supplyAsync(prepared, blocking);
  }
}
