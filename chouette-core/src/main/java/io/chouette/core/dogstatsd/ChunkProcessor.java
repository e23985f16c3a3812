package io.chouette.core.dogstatsd;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor thread of a receiver: parses each chunk its reader hands over into the {@link
 * DogStatsdBuckets}, and gives the chunk back. Stops once the reader has ended the hand-over and
 * every chunk before the end is parsed.
 */
final class ChunkProcessor {

  private static final long ERROR_LOG_PERIOD_NANOS = 60_000_000_000L;
  private static final Logger log = LoggerFactory.getLogger(DogStatsdReceiver.class);

  private final ChunkHandOver chunks;
  private final DogStatsdBuckets buckets;
  private final DogStatsdTransport transport;
  private final Thread thread;
  private long errorLoggedAt;
  private boolean errorLogged;

  ChunkProcessor(ChunkHandOver chunks, DogStatsdBuckets buckets, DogStatsdTransport transport) {
    this.chunks = chunks;
    this.buckets = buckets;
    this.transport = transport;
    this.thread = new Thread(this::process, "chouette-dogstatsd-processor-" + transport.scheme());
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void join(long millis) throws InterruptedException {
    thread.join(millis);
  }

  private void process() {
    byte[] data = new byte[Chunk.BYTES];
    while (true) {
      Chunk chunk;
      try {
        chunk = chunks.nextFilled();
      } catch (InterruptedException e) {
        return;
      }
      if (chunk == null) {
        return;
      }
      chunk.buffer.get(0, data, 0, chunk.buffer.position());
      try {
        buckets.ingest(transport, data, chunk.lengths, chunk.pids, chunk.count);
      } catch (RuntimeException e) {
        // A bug, not bad input (the parser never throws): keep going, say so loudly.
        logError(e);
      }
      chunks.recycle(chunk);
    }
  }

  private void logError(Exception e) {
    long now = System.nanoTime();
    if (errorLogged && now - errorLoggedAt < ERROR_LOG_PERIOD_NANOS) {
      return;
    }
    errorLogged = true;
    errorLoggedAt = now;
    log.error("DogStatsD datagrams could not be aggregated, still listening: {}", e.toString(), e);
  }
}
