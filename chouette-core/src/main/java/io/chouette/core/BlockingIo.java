package io.chouette.core;

import org.apache.pekko.actor.typed.DispatcherSelector;

/**
 * The one pool where blocking calls run (Redis, HTTP, Docker, subprocesses): {@code
 * chouette.blocking-io-dispatcher}, defined in core's {@code reference.conf}.
 */
public final class BlockingIo {

  /** The dispatcher's configuration path. */
  public static final String DISPATCHER = "chouette.blocking-io-dispatcher";

  private BlockingIo() {}

  /** Selects the blocking-I/O dispatcher for a spawn or a lookup. */
  public static DispatcherSelector dispatcher() {
    return DispatcherSelector.fromConfig(DISPATCHER);
  }
}
