package io.chouette.collectors.host;

import static io.chouette.collectors.Fixtures.CAPTURE_INTERVAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.testing.LogCapture;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The host plugin over real OSHI on this machine: values present and plausible. */
class HostPluginIT {

  private static Map<String, List<WrappedMetric>> byName(List<WrappedMetric> metrics) {
    return metrics.stream().collect(Collectors.groupingBy(WrappedMetric::metric));
  }

  @Test
  void readsThisMachine() throws Exception {
    HostPlugin plugin =
        (HostPlugin)
            new HostPluginProvider()
                .create(
                    Map.of("HOST_COLLECTOR_METRICS", "[\"cpu\",\"fs\",\"la\",\"ram\",\"network\"]"),
                    CAPTURE_INTERVAL);
    double before = System.currentTimeMillis() / 1000.0;

    List<WrappedMetric> first;
    List<WrappedMetric> second;
    try (LogCapture log = LogCapture.of(HostPlugin.class)) {
      first = plugin.collect();
      second = plugin.collect();
      assertThat(log.warnings()).isEmpty();
    }
    plugin.close();

    for (List<WrappedMetric> metrics : List.of(first, second)) {
      Map<String, List<WrappedMetric>> byName = byName(metrics);
      assertThat(byName)
          .containsKeys(
              "Chouette.host.cpu.percentage",
              "Chouette.host.fs.used",
              "Chouette.host.fs.free",
              "Chouette.host.la",
              "Chouette.host.memory.used",
              "Chouette.host.memory.available",
              "Chouette.host.network.bytes.sent",
              "Chouette.host.network.bytes.recv");
      assertThat(byName.get("Chouette.host.cpu.percentage"))
          .singleElement()
          .satisfies(cpu -> assertThat(cpu.value()).isBetween(0.0, 100.0));
      long totalMemory = Runtime.getRuntime().maxMemory(); // a floor: the JVM fits in RAM
      double used = byName.get("Chouette.host.memory.used").get(0).value();
      double available = byName.get("Chouette.host.memory.available").get(0).value();
      assertThat(used).isPositive();
      assertThat(available).isPositive();
      assertThat(used + available).isGreaterThan(totalMemory / 4.0);
      assertThat(byName.get("Chouette.host.la"))
          .singleElement()
          .satisfies(
              la -> {
                assertThat(la.tags()).containsExactly("period:1m");
                assertThat(la.value()).isBetween(0.0, 1_000.0);
              });
      List<String> devices =
          byName.get("Chouette.host.fs.used").stream().map(m -> m.tags().get(0)).toList();
      assertThat(devices).doesNotHaveDuplicates().allMatch(tag -> tag.startsWith("device:"));
      assertThat(byName.get("Chouette.host.fs.free")).allMatch(m -> m.value() >= 0);
      assertThat(byName.get("Chouette.host.fs.used")).allMatch(m -> m.value() > 0);
      assertThat(byName.get("Chouette.host.network.bytes.recv"))
          .extracting(m -> m.tags().get(0))
          .doesNotContain("iface:lo")
          .allMatch(tag -> tag.startsWith("iface:"));
      assertThat(metrics).allMatch(m -> m.timestamp() >= before - 1);
    }
  }
}
