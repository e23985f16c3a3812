package io.chouette.core.aggregate;

import io.chouette.core.config.AggregatorConfig;

/**
 * Creates a {@link MetricsWrapper} by name. Found with {@link java.util.ServiceLoader}, so a jar on
 * the class path can add a wrapper: register it in {@code
 * META-INF/services/io.chouette.core.aggregate.MetricsWrapperProvider}.
 */
public interface MetricsWrapperProvider {

  /** The value of {@code METRICS_WRAPPER} that selects this wrapper. */
  String name();

  MetricsWrapper create(AggregatorConfig config);
}
