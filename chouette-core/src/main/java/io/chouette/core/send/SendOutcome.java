package io.chouette.core.send;

/** How a release tick ended. */
public enum SendOutcome {
  /** No tick has run yet. */
  NONE,
  /** The queue was empty. */
  NOTHING_TO_SEND,
  /** Every record collected was delivered (or dropped as unsendable). */
  DELIVERED,
  /** A backlog is being sent: the bulks so far were delivered, the run goes on. */
  DRAINING,
  /** Datadog refused the API key (403): records kept, an operator must fix {@code API_KEY}. */
  FORBIDDEN,
  /** Datadog answered 404 or a redirect: records kept, the URL setting is wrong. */
  MISDIRECTED,
  /** 408, 429, 5xx, timeout or connection failure: records kept, retried with backoff. */
  RETRYING,
  /** The store did not answer: records kept, retried next tick. */
  STORAGE_FAILED,
  /** A tick skipped because the previous failure's backoff has not elapsed. */
  BACKING_OFF,
  /** A tick skipped because the previous run is still going. */
  BUSY;

  /** How a run ends after Datadog's answer {@code failure} stopped it. */
  static SendOutcome after(DatadogClient.Response failure) {
    return switch (failure.verdict()) {
      case FORBIDDEN -> FORBIDDEN;
      case MISDIRECTED -> MISDIRECTED;
      default -> RETRYING;
    };
  }
}
