package io.chouette.core.send;

/** The storage round-trips of a send run, in the order a run makes them (DESIGN §5). */
enum RunStage {
  /** Remove records older than the workload's TTL. */
  CLEANUP,
  /** Metrics without historical ingestion: remove points older than one hour. */
  WINDOW_CLEANUP,
  /** Count the queue (metrics). */
  QUEUE_SIZE,
  /** The oldest queued record, for the backlog's age. */
  OLDEST,
  /** The next bulk's keys. */
  KEYS,
  /** The bulk's records. */
  VALUES,
  /** Delete the settled keys. */
  DELETE,
  /** A drain's next bulk: its keys, read while the bulk just sent is still stored. */
  NEXT_KEYS,
  /** A drain's next bulk: its records. */
  NEXT_VALUES,
  /** Store the run's self-metrics. */
  SELF_METRICS;

  /** Whether this stage comes before the first bulk. */
  boolean prepares() {
    return compareTo(KEYS) < 0;
  }
}
