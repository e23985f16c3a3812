package io.chouette.collectors.tegrastats;

import io.chouette.collectors.PluginEnv;
import io.chouette.core.collect.spi.CollectorPlugin;
import io.chouette.core.collect.spi.CollectorPluginProvider;
import io.chouette.core.config.EnvReader;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Creates the {@code tegrastats} plugin. {@code TEGRASTATS_PATH}: default /usr/bin/tegrastats;
 * {@code TEGRASTATS_METRICS}: JSON list among {@code ram, temp, gpu}, default {@code
 * ["ram","temp"]}.
 */
public final class TegrastatsPluginProvider implements CollectorPluginProvider {

  static final String DEFAULT_PATH = "/usr/bin/tegrastats";
  static final Set<TegrastatsMetric> DEFAULT_METRICS =
      EnumSet.of(TegrastatsMetric.RAM, TegrastatsMetric.TEMP);

  @Override
  public String name() {
    return TegrastatsPlugin.NAME;
  }

  @Override
  public CollectorPlugin create(Map<String, String> env, Duration captureInterval) {
    EnvReader reader = new EnvReader(env);
    String path = reader.string("TEGRASTATS_PATH", DEFAULT_PATH);
    if (path.isEmpty()) {
      reader.problem("TEGRASTATS_PATH", "the path of the tegrastats program", path);
    }
    Set<TegrastatsMetric> metrics =
        PluginEnv.choices(reader, "TEGRASTATS_METRICS", DEFAULT_METRICS, TegrastatsMetric.class);
    reader.throwIfProblems();
    return new TegrastatsPlugin(
        path, metrics, PluginEnv.requestTimeout(captureInterval), Clock.systemUTC());
  }
}
