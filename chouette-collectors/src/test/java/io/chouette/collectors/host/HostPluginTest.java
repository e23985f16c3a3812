package io.chouette.collectors.host;

import static io.chouette.collectors.Fixtures.CAPTURE_INTERVAL;
import static io.chouette.core.testing.MetricValues.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chouette.collectors.CollectorPluginContractTest;
import io.chouette.core.collect.spi.CollectorPlugin;
import io.chouette.core.config.ConfigException;
import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.testing.LogCapture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostPluginTest extends CollectorPluginContractTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);

  /** Scripted readings. */
  static final class FakeProbe implements HostProbe {
    final Deque<long[]> ticks = new ArrayDeque<>();
    OptionalDouble load = OptionalDouble.of(0.42);
    Memory memory = new Memory(8_000, 3_000);
    List<FileStore> stores =
        List.of(
            new FileStore("/dev/sda1", "/", 1_000, 400, 300),
            new FileStore("/dev/sda1", "/etc/hosts", 1_000, 400, 300),
            new FileStore("/dev/sdb", "/data", 500, 0, 0));
    List<NetworkCounters> interfaces =
        List.of(new NetworkCounters("lo", 9, 9), new NetworkCounters("eth0", 100, 200));
    RuntimeException fsFailure;

    FakeProbe ticks(long[]... readings) {
      ticks.addAll(List.of(readings));
      return this;
    }

    @Override
    public long[] cpuTicks() {
      return ticks.size() > 1 ? ticks.poll() : ticks.peek();
    }

    @Override
    public OptionalDouble loadAverage1m() {
      return load;
    }

    @Override
    public Memory memory() {
      return memory;
    }

    @Override
    public List<FileStore> fileStores() {
      if (fsFailure != null) {
        throw fsFailure;
      }
      return stores;
    }

    @Override
    public List<NetworkCounters> networkInterfaces() {
      return interfaces;
    }
  }

  private static HostPlugin plugin(Set<HostMetricGroup> groups, FakeProbe probe) {
    return new HostPlugin(groups, probe, CLOCK, Duration.ZERO);
  }

  /** value by "metric|tags". */
  @Override
  protected String pluginName() {
    return "host";
  }

  @Override
  protected CollectorPlugin pluginOnFake() {
    return plugin(
        EnumSet.allOf(HostMetricGroup.class),
        new FakeProbe()
            .ticks(new long[] {0, 0, 0, 0, 0, 0, 0, 0}, new long[] {1, 0, 1, 2, 0, 0, 0, 0}));
  }

  @Test
  void everyGroupAsTheOriginalNamesIt() throws Exception {
    FakeProbe probe =
        new FakeProbe()
            .ticks(
                new long[] {100, 0, 50, 800, 50, 0, 0, 0},
                new long[] {160, 0, 70, 900, 70, 0, 0, 0});

    Map<String, Double> values =
        values(plugin(EnumSet.allOf(HostMetricGroup.class), probe).collect());

    assertThat(values)
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                // 200 ticks passed, 120 of them idle or waiting for I/O
                Map.entry("Chouette.host.cpu.percentage|", 40.0),
                // the device mounted twice is reported once; used = total - free, free = usable
                Map.entry("Chouette.host.fs.used|device:/dev/sda1", 600.0),
                Map.entry("Chouette.host.fs.free|device:/dev/sda1", 300.0),
                // a full disk is a real 0 (the original dropped it)
                Map.entry("Chouette.host.fs.used|device:/dev/sdb", 500.0),
                Map.entry("Chouette.host.fs.free|device:/dev/sdb", 0.0),
                Map.entry("Chouette.host.la|period:1m", 0.42),
                Map.entry("Chouette.host.memory.used|", 5_000.0),
                Map.entry("Chouette.host.memory.available|", 3_000.0),
                // lo is left out
                Map.entry("Chouette.host.network.bytes.sent|iface:eth0", 100.0),
                Map.entry("Chouette.host.network.bytes.recv|iface:eth0", 200.0)));
  }

  @Test
  void cpuIsMeasuredBetweenConsecutiveCollections() throws Exception {
    FakeProbe probe =
        new FakeProbe()
            .ticks(
                new long[] {0, 0, 0, 100, 0, 0, 0, 0},
                new long[] {50, 0, 0, 150, 0, 0, 0, 0},
                new long[] {50, 0, 0, 250, 0, 0, 0, 0},
                new long[] {150, 10, 20, 250, 0, 10, 5, 5});
    HostPlugin plugin = plugin(EnumSet.of(HostMetricGroup.CPU), probe);

    assertThat(plugin.collect()).extracting(WrappedMetric::value).containsExactly(50.0);
    assertThat(plugin.collect()).extracting(WrappedMetric::value).containsExactly(0.0);
    assertThat(plugin.collect()).extracting(WrappedMetric::value).containsExactly(100.0);
  }

  @Test
  void noCpuReadingWhenNoTimePassed() throws Exception {
    FakeProbe probe = new FakeProbe().ticks(new long[] {5, 0, 5, 5, 0, 0, 0, 0});

    assertThat(plugin(EnumSet.of(HostMetricGroup.CPU), probe).collect()).isEmpty();
  }

  @Test
  void onlyTheChosenGroupsAreRead() throws Exception {
    FakeProbe probe = new FakeProbe();
    probe.fsFailure = new IllegalStateException("must not be read");

    List<WrappedMetric> metrics = plugin(EnumSet.of(HostMetricGroup.RAM), probe).collect();

    assertThat(metrics)
        .extracting(WrappedMetric::metric)
        .containsExactly("Chouette.host.memory.used", "Chouette.host.memory.available");
  }

  @Test
  void failingGroupIsOneWarningAndTheOthersAreKept() throws Exception {
    FakeProbe probe = new FakeProbe();
    probe.fsFailure = new IllegalStateException("cannot read /proc/mounts");
    probe.load = OptionalDouble.empty();

    List<WrappedMetric> metrics;
    try (LogCapture log = LogCapture.of(HostPlugin.class)) {
      metrics =
          plugin(EnumSet.of(HostMetricGroup.FS, HostMetricGroup.LA, HostMetricGroup.RAM), probe)
              .collect();
      assertThat(log.warnings())
          .containsExactly(
              "host: could not read fs stats: java.lang.IllegalStateException: cannot read"
                  + " /proc/mounts");
    }
    assertThat(metrics)
        .extracting(WrappedMetric::metric)
        .containsOnly("Chouette.host.memory.used", "Chouette.host.memory.available");
  }

  @Test
  void groupsComeFromHostCollectorMetrics() {
    HostPluginProvider provider = new HostPluginProvider();

    assertThat(((HostPlugin) provider.create(Map.of(), CAPTURE_INTERVAL)).groups())
        .containsExactlyInAnyOrder(
            HostMetricGroup.CPU, HostMetricGroup.FS, HostMetricGroup.LA, HostMetricGroup.RAM);
    assertThat(
            ((HostPlugin)
                    provider.create(
                        Map.of("HOST_COLLECTOR_METRICS", "[\"RAM\",\"network\"]"),
                        CAPTURE_INTERVAL))
                .groups())
        .containsExactlyInAnyOrder(HostMetricGroup.RAM, HostMetricGroup.NETWORK);
  }

  @Test
  void unknownGroupIsAConfigurationErrorNamingTheValidOnes() {
    HostPluginProvider provider = new HostPluginProvider();

    assertThatThrownBy(
            () ->
                provider.create(
                    Map.of("HOST_COLLECTOR_METRICS", "[\"cpu\",\"disk\"]"), CAPTURE_INTERVAL))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "HOST_COLLECTOR_METRICS: expected a JSON list of [cpu, fs, la, ram, network],"
                + " found \"[\"cpu\",\"disk\"]\"");
    assertThatThrownBy(
            () -> provider.create(Map.of("HOST_COLLECTOR_METRICS", "cpu"), CAPTURE_INTERVAL))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("HOST_COLLECTOR_METRICS: expected a JSON list of strings");
  }
}
