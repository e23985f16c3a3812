package io.chouette.collectors.k8s;

/** Node statistics {@code K8S_METRICS.node} chooses from. */
public enum NodeMetric {
  /** {@code Chouette.k8s.node.cpu.usageNanoCores}, {@code .usageCoreNanoSeconds}. */
  CPU,
  /**
   * {@code Chouette.k8s.node.memory.rssBytes}, {@code .usageBytes}, {@code .availableBytes}, {@code
   * .workingSetBytes}; also accepted as {@code ram} (docs/COMPATIBILITY.md).
   */
  MEMORY,
  /** {@code Chouette.k8s.node.network.rxBytes}, {@code .txBytes}. */
  NETWORK,
  /** {@code Chouette.k8s.node.fs.availableBytes}, {@code .usedBytes}. */
  FILESYSTEM,
  /** {@code Chouette.k8s.node.fs.inodesFree}. */
  INODES
}
