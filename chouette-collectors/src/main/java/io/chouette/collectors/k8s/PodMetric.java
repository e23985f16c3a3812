package io.chouette.collectors.k8s;

/** Pod statistics {@code K8S_METRICS.pods} chooses from. */
public enum PodMetric {
  /** {@code Chouette.k8s.pod.cpu.usageNanoCores}. */
  CPU,
  /** {@code Chouette.k8s.pod.memory.rssBytes}, {@code .usageBytes}. */
  MEMORY,
  /** {@code Chouette.k8s.pod.network.rxBytes}, {@code .txBytes}. */
  NETWORK
}
