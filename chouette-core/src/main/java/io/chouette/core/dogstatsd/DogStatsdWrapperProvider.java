package io.chouette.core.dogstatsd;

import io.chouette.core.aggregate.MetricsWrapper;
import io.chouette.core.aggregate.MetricsWrapperProvider;
import io.chouette.core.config.AggregatorConfig;

/** Provides {@link DogStatsdWrapper} as {@code METRICS_WRAPPER=dogstatsd}. */
public final class DogStatsdWrapperProvider implements MetricsWrapperProvider {

  @Override
  public String name() {
    return "dogstatsd";
  }

  @Override
  public MetricsWrapper create(AggregatorConfig config) {
    return new DogStatsdWrapper(config);
  }
}
