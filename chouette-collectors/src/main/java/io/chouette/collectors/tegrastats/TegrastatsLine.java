package io.chouette.collectors.tegrastats;

import static io.chouette.collectors.Gauges.gauge;

import io.chouette.core.metric.WrappedMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one line of {@code tegrastats} output, for example (Jetson Nano):
 *
 * <pre>
 * RAM 6266/7860MB (lfb 1x1MB) CPU [20%@345,off,off,15%@345] EMC_FREQ 0% GR3D_FREQ 0%
 * PLL@52C MCPU@52C PMIC@100C Tboard@50C GPU@51.5C BCPU@52C thermal@51.8C Tdiode@50C
 * </pre>
 *
 * (one line in reality). Newer releases write {@code GR3D_FREQ 0%@[1300]} and lower-case zones
 * ({@code cpu@47.5C}); both are understood.
 */
final class TegrastatsLine {

  private static final Pattern RAM = Pattern.compile("\\bRAM (\\d+)/(\\d+)MB");
  private static final Pattern TEMPERATURE = Pattern.compile("\\b(\\w+)@(-?[0-9.]+)C\\b");
  private static final Pattern GPU = Pattern.compile("\\bGR3D_FREQ (\\d+)%");
  private static final double MIB = 1024 * 1024;

  /**
   * Below this a zone's sensor is off: tegrastats prints -256C for a powered-down GPU, say, and
   * such a reading would wreck a dashboard's scale.
   */
  private static final double SENSOR_OFF = -100;

  private TegrastatsLine() {}

  static List<WrappedMetric> metrics(String line, Set<TegrastatsMetric> chosen, double timestamp) {
    List<WrappedMetric> metrics = new ArrayList<>();
    if (chosen.contains(TegrastatsMetric.RAM)) {
      Matcher ram = RAM.matcher(line);
      if (ram.find()) {
        double used = Double.parseDouble(ram.group(1));
        double total = Double.parseDouble(ram.group(2));
        metrics.add(gauge("Chouette.tegrastats.ram.used", timestamp, used * MIB));
        metrics.add(gauge("Chouette.tegrastats.ram.free", timestamp, (total - used) * MIB));
      }
    }
    if (chosen.contains(TegrastatsMetric.TEMP)) {
      Matcher temperature = TEMPERATURE.matcher(line);
      while (temperature.find()) {
        String zone = temperature.group(1);
        double celsius;
        try {
          celsius = Double.parseDouble(temperature.group(2));
        } catch (NumberFormatException e) {
          continue;
        }
        // PMIC always reads 100C: not a measurement
        if (zone.equalsIgnoreCase("PMIC") || celsius < SENSOR_OFF) {
          continue;
        }
        metrics.add(gauge("Chouette.tegrastats.temperature", timestamp, celsius, "zone", zone));
      }
    }
    if (chosen.contains(TegrastatsMetric.GPU)) {
      Matcher gpu = GPU.matcher(line);
      if (gpu.find()) {
        metrics.add(
            gauge("Chouette.tegrastats.gpu.usage", timestamp, Double.parseDouble(gpu.group(1))));
      }
    }
    return metrics;
  }
}
