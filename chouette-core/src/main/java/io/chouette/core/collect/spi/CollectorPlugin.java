package io.chouette.core.collect.spi;

import io.chouette.core.metric.WrappedMetric;
import java.util.List;

/**
 * A source of node statistics (host, Docker, kubelet, ...). Plain Java, no actors: core wraps each
 * plugin in an actor that calls {@link #collect()} on the blocking dispatcher with a timeout and
 * restarts it with backoff when it throws.
 *
 * <p>Results are gauges stored straight into the wrapped queue. A plugin whose source is missing
 * (no socket, no certificate) logs a warning and returns an empty list rather than throwing.
 */
public interface CollectorPlugin extends AutoCloseable {

  /** The plugin's name as written in {@code COLLECTOR_PLUGINS}. */
  String name();

  /** One reading of the source. May block; called from one thread at a time. */
  List<WrappedMetric> collect() throws Exception;

  /** Releases connections; idempotent. */
  @Override
  default void close() {}
}
