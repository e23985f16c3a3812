package io.chouette.core.dogstatsd;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Passes filled {@link Chunk}s from the reader thread to the processor thread, in order, and the
 * parsed ones back for reuse. At most {@value #MAX_CHUNKS} chunks (8 MiB) ever exist: when all are
 * waiting to be parsed, the reader waits for one to come back.
 */
final class ChunkHandOver {

  static final int MAX_CHUNKS = 64;

  /** Tells the processor to stop once the chunks before it are parsed. */
  private static final Chunk END = new Chunk();

  // Room for every chunk plus END, so handing over never blocks.
  private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(MAX_CHUNKS + 1);
  private final BlockingQueue<Chunk> emptied = new ArrayBlockingQueue<>(MAX_CHUNKS);
  private int created; // reader thread only

  /** Reader: a chunk to fill, a recycled one or a new one while fewer than the bound exist. */
  Chunk empty() throws InterruptedException {
    Chunk chunk = emptied.poll();
    if (chunk == null) {
      if (created < MAX_CHUNKS) {
        created++;
        return new Chunk();
      }
      chunk = emptied.take();
    }
    return chunk;
  }

  /** Reader: hands a filled chunk over to the processor. */
  void handOver(Chunk chunk) throws InterruptedException {
    filled.put(chunk);
  }

  /** Reader: no more chunks will come. */
  void end() {
    filled.offer(END);
  }

  /** Processor: the next filled chunk, or null once the reader has ended. */
  Chunk nextFilled() throws InterruptedException {
    Chunk chunk = filled.take();
    return chunk == END ? null : chunk;
  }

  /** Processor: gives a parsed chunk back for reuse. */
  void recycle(Chunk chunk) {
    chunk.clear();
    emptied.offer(chunk);
  }
}
