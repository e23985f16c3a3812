package io.chouette.collectors.tegrastats;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.collectors.Fixtures;
import io.chouette.core.metric.WrappedMetric;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TegrastatsLineTest {

  static final String NANO = Fixtures.read("tegrastats/tegrastats.txt").strip();

  private static Map<String, Double> values(String line, EnumSet<TegrastatsMetric> chosen) {
    return TegrastatsLine.metrics(line, chosen, 1.0).stream()
        .collect(
            Collectors.toMap(
                m -> m.metric() + "|" + String.join(",", m.tags()), WrappedMetric::value));
  }

  @Test
  void jetsonNanoLineAsTheOriginalReadsIt() {
    assertThat(values(NANO, EnumSet.allOf(TegrastatsMetric.class)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "Chouette.tegrastats.ram.used|", 6266.0 * 1024 * 1024,
                "Chouette.tegrastats.ram.free|", (7860.0 - 6266) * 1024 * 1024,
                "Chouette.tegrastats.temperature|zone:PLL", 52.0,
                "Chouette.tegrastats.temperature|zone:MCPU", 52.0,
                "Chouette.tegrastats.temperature|zone:Tboard", 50.0,
                "Chouette.tegrastats.temperature|zone:GPU", 51.5,
                "Chouette.tegrastats.temperature|zone:BCPU", 52.0,
                "Chouette.tegrastats.temperature|zone:thermal", 51.8,
                "Chouette.tegrastats.temperature|zone:Tdiode", 50.0,
                // an idle GPU is a real 0 %
                "Chouette.tegrastats.gpu.usage|", 0.0));
  }

  static List<Arguments> lines() {
    return List.of(
        // JetPack 5 (Orin): GR3D_FREQ with a frequency, lower-case zones, a sensor that is off
        Arguments.of(
            "04-28-2023 10:00:00 RAM 2165/7620MB (lfb 1x4MB) SWAP 0/3810MB (cached 0MB)"
                + " CPU [1%@729,0%@729] GR3D_FREQ 37%@[305] cpu@47.5C soc2@44.6C gpu@-256C"
                + " tj@47.5C VDD_IN 4505mW/4505mW",
            Map.of(
                "Chouette.tegrastats.ram.used|", 2165.0 * 1024 * 1024,
                "Chouette.tegrastats.ram.free|", (7620.0 - 2165) * 1024 * 1024,
                "Chouette.tegrastats.temperature|zone:cpu", 47.5,
                "Chouette.tegrastats.temperature|zone:soc2", 44.6,
                "Chouette.tegrastats.temperature|zone:tj", 47.5,
                "Chouette.tegrastats.gpu.usage|", 37.0)),
        // no RAM figure (the original's own test case), no GPU: only what is there
        Arguments.of(
            "VRAM 6266/7860MB CPU [20%@345] AO@40C",
            Map.of("Chouette.tegrastats.temperature|zone:AO", 40.0)),
        Arguments.of("Hello world!", Map.of()));
  }

  @ParameterizedTest
  @MethodSource("lines")
  void otherLines(String line, Map<String, Double> expected) {
    assertThat(values(line, EnumSet.allOf(TegrastatsMetric.class)))
        .containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void onlyTheChosenMetrics() {
    assertThat(values(NANO, EnumSet.of(TegrastatsMetric.RAM)))
        .containsOnlyKeys("Chouette.tegrastats.ram.used|", "Chouette.tegrastats.ram.free|");
    assertThat(values(NANO, EnumSet.of(TegrastatsMetric.GPU)))
        .containsOnlyKeys("Chouette.tegrastats.gpu.usage|");
  }
}
