package io.chouette.core.send;

import io.chouette.core.storage.StoredRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/** Sends a bulk off the actor's thread: {@link BulkSender} on the blocking dispatcher. */
final class BulkDispatch {

  private final BulkSender<?> sender;
  private final Executor blocking;

  BulkDispatch(BulkSender<?> sender, Executor blocking) {
    this.sender = sender;
    this.blocking = blocking;
  }

  CompletableFuture<BulkResult> send(List<StoredRecord> records) {
    // Handed over, not captured: the records can be collected once parsed, while the bulk is sent.
    AtomicReference<List<StoredRecord>> handOver = new AtomicReference<>(records);
    return CompletableFuture.supplyAsync(() -> sender.send(handOver), blocking);
  }
}
