package io.chouette.collectors.host;

import static io.chouette.collectors.Gauges.gauge;

import io.chouette.collectors.Gauges;
import io.chouette.collectors.PluginLog;
import io.chouette.core.collect.spi.CollectorPlugin;
import io.chouette.core.metric.WrappedMetric;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The {@code host} plugin: CPU, file systems, memory, load average and network of the machine, read
 * with OSHI.
 *
 * <p>CPU percentage is the share of non-idle time between two readings: between this collection and
 * the previous one, or over {@code cpuWindow} on the first collection (never "since boot", which
 * says nothing about now) or when the counters have not moved since the previous one.
 */
public final class HostPlugin implements CollectorPlugin {

  public static final String NAME = "host";

  private static final PluginLog log = new PluginLog(HostPlugin.class, NAME);

  /** Indexes in {@link HostProbe#cpuTicks()}. */
  private static final int IDLE = 3;

  private static final int IOWAIT = 4;

  private final Set<HostMetricGroup> groups;
  private final HostProbe probe;
  private final Clock clock;
  private final Duration cpuWindow;

  /** The previous CPU reading; touched only by collect(), which runs on one thread at a time. */
  private long[] previousTicks;

  public HostPlugin(Set<HostMetricGroup> groups, HostProbe probe, Clock clock, Duration cpuWindow) {
    this.groups = Set.copyOf(groups);
    this.probe = probe;
    this.clock = clock;
    this.cpuWindow = cpuWindow;
  }

  @Override
  public String name() {
    return NAME;
  }

  public Set<HostMetricGroup> groups() {
    return groups;
  }

  @Override
  public List<WrappedMetric> collect() throws InterruptedException {
    List<WrappedMetric> metrics = new ArrayList<>();
    // One group failing (a file OSHI cannot read, say) costs that group only.
    for (HostMetricGroup group : HostMetricGroup.values()) {
      if (!groups.contains(group)) {
        continue;
      }
      try {
        switch (group) {
          case CPU -> cpu(metrics);
          case FS -> fileSystems(metrics);
          case LA -> loadAverage(metrics);
          case RAM -> memory(metrics);
          case NETWORK -> network(metrics);
        }
      } catch (RuntimeException e) {
        log.warn("host: could not read {} stats: {}", group.name().toLowerCase(), e.toString());
      }
    }
    return metrics;
  }

  private void cpu(List<WrappedMetric> metrics) throws InterruptedException {
    if (previousTicks == null) {
      previousTicks = probe.cpuTicks();
      Thread.sleep(cpuWindow.toMillis());
    }
    long[] previous = previousTicks;
    long[] ticks = probe.cpuTicks();
    if (busyShare(previous, ticks) < 0) {
      // Called again before the counters moved (they tick every 10 ms, OSHI caches them for
      // 300 ms): measure over a fresh window rather than report nothing.
      previous = ticks;
      Thread.sleep(cpuWindow.toMillis());
      ticks = probe.cpuTicks();
    }
    previousTicks = ticks;
    double share = busyShare(previous, ticks);
    if (share >= 0) {
      metrics.add(gauge("Chouette.host.cpu.percentage", now(), 100.0 * share));
    }
  }

  /** Non-idle share of the CPU time between two readings, 0..1; negative when unknown. */
  private static double busyShare(long[] previous, long[] ticks) {
    if (ticks.length <= IOWAIT || previous.length != ticks.length) {
      return -1;
    }
    long total = 0;
    for (int i = 0; i < ticks.length; i++) {
      total += ticks[i] - previous[i];
    }
    long idle = ticks[IDLE] - previous[IDLE] + ticks[IOWAIT] - previous[IOWAIT];
    if (total <= 0) {
      return -1;
    }
    return Math.min(1.0, Math.max(0.0, (double) (total - idle) / total));
  }

  private void fileSystems(List<WrappedMetric> metrics) {
    double timestamp = now();
    Set<String> seen = new HashSet<>();
    for (HostProbe.FileStore store : probe.fileStores()) {
      // Docker bind-mounts one device at several mount points: report each device once.
      if (!seen.add(store.device())) {
        continue;
      }
      String device = store.device();
      metrics.add(
          gauge(
              "Chouette.host.fs.used", timestamp, store.total() - store.free(), "device", device));
      metrics.add(gauge("Chouette.host.fs.free", timestamp, store.usable(), "device", device));
    }
  }

  private void loadAverage(List<WrappedMetric> metrics) {
    OptionalDouble load = probe.loadAverage1m();
    if (load.isPresent()) {
      metrics.add(gauge("Chouette.host.la", now(), load.getAsDouble(), "period", "1m"));
    }
  }

  private void memory(List<WrappedMetric> metrics) {
    HostProbe.Memory memory = probe.memory();
    double timestamp = now();
    metrics.add(gauge("Chouette.host.memory.used", timestamp, memory.total() - memory.available()));
    metrics.add(gauge("Chouette.host.memory.available", timestamp, memory.available()));
  }

  private void network(List<WrappedMetric> metrics) {
    double timestamp = now();
    for (HostProbe.NetworkCounters counters : probe.networkInterfaces()) {
      if (counters.name().equals("lo")) {
        continue;
      }
      String iface = counters.name();
      metrics.add(
          gauge(
              "Chouette.host.network.bytes.sent", timestamp, counters.bytesSent(), "iface", iface));
      metrics.add(
          gauge(
              "Chouette.host.network.bytes.recv", timestamp, counters.bytesRecv(), "iface", iface));
    }
  }

  private double now() {
    return Gauges.now(clock);
  }
}
