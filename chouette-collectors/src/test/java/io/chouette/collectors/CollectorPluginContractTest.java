package io.chouette.collectors;

import static io.chouette.collectors.Fixtures.CAPTURE_INTERVAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.collect.spi.CollectorPlugin;
import io.chouette.core.collect.spi.CollectorPluginProvider;
import io.chouette.core.metric.WrappedMetric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What every collector plugin must do (DESIGN §9): be found by {@link ServiceLoader} under its
 * name, load its default configuration, collect from its fake source, close idempotently, name its
 * metrics {@code Chouette.<plugin>.<thing>}, and have a documentation page that lists them.
 */
public abstract class CollectorPluginContractTest {

  private static final Pattern TAG = Pattern.compile("[^:]+:.*");

  /** The name in {@code COLLECTOR_PLUGINS}. */
  protected abstract String pluginName();

  /** The environment of the default configuration (only what is required). */
  protected Map<String, String> defaultEnv() {
    return Map.of();
  }

  /** A plugin reading a fake source that has data. */
  protected abstract CollectorPlugin pluginOnFake() throws Exception;

  protected CollectorPluginProvider provider() {
    return ServiceLoader.load(CollectorPluginProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(provider -> provider.name().equals(pluginName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no provider named " + pluginName()));
  }

  @Test
  void providerIsFoundByServiceLoaderUnderItsName() {
    assertThat(provider().name()).isEqualTo(pluginName());
  }

  @Test
  void defaultConfigurationLoads() {
    try (CollectorPlugin plugin = provider().create(defaultEnv(), CAPTURE_INTERVAL)) {
      assertThat(plugin.name()).isEqualTo(pluginName());
    }
  }

  @Test
  void collectsGaugesNamedAfterThePlugin() throws Exception {
    List<WrappedMetric> metrics;
    try (CollectorPlugin plugin = pluginOnFake()) {
      metrics = plugin.collect();
    }
    assertThat(metrics).isNotEmpty();
    Pattern name =
        Pattern.compile("Chouette\\." + Pattern.quote(pluginName()) + "\\.[A-Za-z0-9_.]+");
    for (WrappedMetric metric : metrics) {
      assertThat(metric.metric()).matches(name);
      assertThat(metric.type()).isEqualTo("gauge");
      assertThat(metric.interval()).isNull();
      assertThat(metric.tags()).isSorted().allMatch(tag -> TAG.matcher(tag).matches());
      assertThat(metric.timestamp()).isPositive();
    }
  }

  /**
   * The plugin actor closes a plugin before it restarts it and then collects with the same object,
   * so closing twice must be harmless and the next {@code collect()} must reconnect.
   */
  @Test
  void closeIsIdempotentAndTheNextCollectReconnects() throws Exception {
    try (CollectorPlugin plugin = pluginOnFake()) {
      Set<String> before = names(plugin.collect());
      plugin.close();
      plugin.close();
      // not necessarily all of them again: a rate needs two readings of the same source
      assertThat(names(plugin.collect())).isNotEmpty().isSubsetOf(before);
    }
  }

  private static Set<String> names(List<WrappedMetric> metrics) {
    return metrics.stream().map(WrappedMetric::metric).collect(Collectors.toSet());
  }

  @Test
  void documentationPageListsEveryMetric() throws Exception {
    Path page = Path.of("..", "docs", "plugins", pluginName() + ".md");
    assertThat(page).exists();
    String text = Files.readString(page);
    for (String section : List.of("## Configuration", "## Metrics", "## Troubleshooting")) {
      assertThat(text).contains(section);
    }
    try (CollectorPlugin plugin = pluginOnFake()) {
      for (WrappedMetric metric : plugin.collect()) {
        assertThat(text).as("%s documents %s", page, metric.metric()).contains(metric.metric());
      }
    }
    assertThat(Files.readString(Path.of("..", "docs", "COLLECTOR_PLUGINS.md")))
        .contains("## " + pluginName());
  }
}
