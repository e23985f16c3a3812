package io.chouette.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.config.AggregatorConfig;
import io.chouette.core.metric.MetricType;
import io.chouette.core.metric.WrappedMetric;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A wrapper added by a jar on the class path (here: the test class path) is found by name. */
class WrapperSpiTest {

  /** Registered in this module's test resources, as a third-party jar would register it. */
  public static final class DoublingWrapperProvider implements MetricsWrapperProvider {
    @Override
    public String name() {
      return "test-doubling";
    }

    @Override
    public MetricsWrapper create(AggregatorConfig config) {
      return metric ->
          List.of(
              WrappedMetric.gauge(
                  metric.name(),
                  metric.tags(),
                  metric.earliestTimestamp(),
                  2 * DatadogWrapper.sum(metric.values())));
    }
  }

  private static Map<String, MetricsWrapperProvider> providers() {
    return ServiceLoader.load(MetricsWrapperProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .collect(Collectors.toMap(MetricsWrapperProvider::name, p -> p));
  }

  @Test
  void builtInAndClassPathWrappersAreFoundByName() {
    assertThat(providers()).containsKeys("datadog", "simple", "test-doubling");
  }

  @Test
  void aClassPathWrapperIsUsedLikeABuiltInOne() {
    MetricsWrapper wrapper = providers().get("test-doubling").create(Merged.defaults());
    assertThat(
            wrapper.wrap(
                Merged.numeric(MetricType.COUNT, new double[] {1, 2}, new double[] {100, 101})))
        .containsExactly(WrappedMetric.gauge("m", Merged.TAGS, 100, 6));
  }
}
