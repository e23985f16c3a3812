package io.chouette.collectors.host;

/** The groups {@code HOST_COLLECTOR_METRICS} chooses from. */
public enum HostMetricGroup {
  /** {@code Chouette.host.cpu.percentage}. */
  CPU,
  /** {@code Chouette.host.fs.used}, {@code Chouette.host.fs.free} per device. */
  FS,
  /** {@code Chouette.host.la} {period:1m}. */
  LA,
  /** {@code Chouette.host.memory.used}, {@code Chouette.host.memory.available}. */
  RAM,
  /** {@code Chouette.host.network.bytes.sent}, {@code .recv} per interface but {@code lo}. */
  NETWORK
}
