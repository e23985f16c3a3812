package io.chouette.app;

import io.chouette.core.aggregate.MetricsWrapper;
import io.chouette.core.aggregate.MetricsWrapperProvider;
import io.chouette.core.collect.spi.CollectorPlugin;
import io.chouette.core.collect.spi.CollectorPluginProvider;
import io.chouette.core.config.ChouetteConfig;
import io.chouette.core.config.CollectorConfig;
import io.chouette.core.config.ConfigException;
import io.chouette.core.config.EnvReader;
import io.chouette.core.storage.StorageEngineProvider;
import io.chouette.core.storage.StorageEngineProvider.StorageEngineFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Everything read and checked before the actor system exists: the configuration, the storage
 * engine, the metrics wrapper and the collector plugins, each found by name with {@link
 * ServiceLoader}. Every problem is collected and reported in one {@link ConfigException}.
 */
public record Startup(
    ChouetteConfig config,
    StorageEngineFactory storage,
    MetricsWrapper wrapper,
    List<CollectorPlugin> plugins) {

  public Startup {
    plugins = List.copyOf(plugins);
  }

  /** Reads {@code env}; throws one {@link ConfigException} listing every problem. */
  public static Startup fromEnv(Map<String, String> env) {
    EnvReader reader = new EnvReader(env);
    ChouetteConfig config = ChouetteConfig.read(reader);
    List<String> problems = new ArrayList<>(reader.problems());
    boolean configValid = problems.isEmpty();
    String storageType = config.storageType();
    StorageEngineFactory storage = null;
    Map<String, StorageEngineProvider> engines =
        byName(StorageEngineProvider.class, StorageEngineProvider::name, problems);
    StorageEngineProvider engine = engines.get(storageType);
    if (engine == null) {
      problems.add(
          "CHOUETTE_STORAGE_TYPE: expected one of "
              + engines.keySet()
              + ", found \""
              + storageType
              + "\"");
    } else {
      try {
        storage = engine.configure(env);
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }

    String wrapperName = config.aggregator().wrapper();
    Map<String, MetricsWrapperProvider> wrappers =
        byName(MetricsWrapperProvider.class, MetricsWrapperProvider::name, problems);
    MetricsWrapper wrapper = null;
    MetricsWrapperProvider wrapperProvider = wrappers.get(wrapperName);
    if (wrapperProvider == null) {
      problems.add(
          "METRICS_WRAPPER: expected one of "
              + wrappers.keySet()
              + ", found \""
              + wrapperName
              + "\"");
    } else if (configValid) {
      wrapper = wrapperProvider.create(config.aggregator());
    }

    if (configValid) {
      problems.addAll(DogStatsdStartup.problems(config.dogStatsd(), env));
    }
    List<CollectorPlugin> plugins =
        configValid ? createPlugins(config.collector(), env, problems) : List.of();
    if (!problems.isEmpty()) {
      plugins.forEach(CollectorPlugin::close);
      throw new ConfigException(problems);
    }
    return new Startup(config, storage, wrapper, plugins);
  }

  /**
   * The plugins named in {@code COLLECTOR_PLUGINS}, each created (and its variables checked) by its
   * provider with the capture interval; an unknown name or a bad variable is added to {@code
   * problems}.
   */
  static List<CollectorPlugin> createPlugins(
      CollectorConfig collector, Map<String, String> env, List<String> problems) {
    Map<String, CollectorPluginProvider> known =
        byName(CollectorPluginProvider.class, CollectorPluginProvider::name, problems);
    List<CollectorPlugin> plugins = new ArrayList<>();
    for (String name : collector.plugins()) {
      CollectorPluginProvider provider = known.get(name);
      if (provider == null) {
        problems.add(
            "COLLECTOR_PLUGINS: unknown plugin \""
                + name
                + "\", expected names from "
                + known.keySet());
        continue;
      }
      try {
        plugins.add(provider.create(env, collector.captureInterval()));
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    return plugins;
  }

  /** Providers of one SPI by name; two providers with one name is a problem. */
  static <T> Map<String, T> byName(Class<T> type, Function<T, String> name, List<String> problems) {
    Map<String, T> providers = new TreeMap<>();
    for (T provider : ServiceLoader.load(type)) {
      T previous = providers.put(name.apply(provider), provider);
      if (previous != null) {
        problems.add(
            "two "
                + type.getSimpleName()
                + " implementations are named \""
                + name.apply(provider)
                + "\": "
                + previous.getClass().getName()
                + " and "
                + provider.getClass().getName());
      }
    }
    return providers;
  }
}
