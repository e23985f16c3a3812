package io.chouette.collectors.tegrastats;

/** What {@code TEGRASTATS_METRICS} chooses from. */
public enum TegrastatsMetric {
  /** {@code Chouette.tegrastats.ram.used}, {@code .free}: bytes, from {@code RAM used/totalMB}. */
  RAM,
  /** {@code Chouette.tegrastats.temperature} {zone}: degrees Celsius, PMIC left out. */
  TEMP,
  /** {@code Chouette.tegrastats.gpu.usage}: percent, from {@code GR3D_FREQ n%}. New. */
  GPU
}
