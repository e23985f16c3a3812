package io.chouette.collectors.host;

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
 * Creates the {@code host} plugin. {@code HOST_COLLECTOR_METRICS}: JSON list of groups among {@code
 * cpu, fs, la, ram, network}; default {@code ["cpu","fs","la","ram"]}.
 */
public final class HostPluginProvider implements CollectorPluginProvider {

  static final Set<HostMetricGroup> DEFAULT_GROUPS =
      EnumSet.of(HostMetricGroup.CPU, HostMetricGroup.FS, HostMetricGroup.LA, HostMetricGroup.RAM);

  /** The first CPU reading (and one taken too soon after the previous) spans this window. */
  static final Duration CPU_WINDOW = Duration.ofMillis(500);

  @Override
  public String name() {
    return HostPlugin.NAME;
  }

  @Override
  public CollectorPlugin create(Map<String, String> env, Duration captureInterval) {
    EnvReader reader = new EnvReader(env);
    Set<HostMetricGroup> groups =
        PluginEnv.choices(reader, "HOST_COLLECTOR_METRICS", DEFAULT_GROUPS, HostMetricGroup.class);
    reader.throwIfProblems();
    return new HostPlugin(groups, new OshiHostProbe(), Clock.systemUTC(), CPU_WINDOW);
  }
}
