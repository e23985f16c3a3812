package io.chouette.collectors.docker;

/**
 * The fields of one {@code /containers/{id}/stats} reading the plugin uses; null where the engine
 * left them out (cgroup v2 has no kernel-mode split on some engines, a first reading has no
 * previous one).
 *
 * @param memoryUsage {@code memory_stats.usage}
 * @param cpuKernelMode {@code cpu_stats.cpu_usage.usage_in_kernelmode}, nanoseconds
 * @param cpuTotal {@code cpu_stats.cpu_usage.total_usage}, nanoseconds
 * @param preCpuTotal {@code precpu_stats.cpu_usage.total_usage}
 * @param systemCpu {@code cpu_stats.system_cpu_usage}
 * @param preSystemCpu {@code precpu_stats.system_cpu_usage}
 * @param onlineCpus {@code cpu_stats.online_cpus}, or the length of {@code percpu_usage} for old
 *     engines, as {@code docker stats} does
 */
public record ContainerStats(
    Long memoryUsage,
    Long cpuKernelMode,
    Long cpuTotal,
    Long preCpuTotal,
    Long systemCpu,
    Long preSystemCpu,
    Long onlineCpus) {

  /**
   * CPU use in percent of one CPU, computed as the Docker CLI's {@code docker stats} does ({@code
   * calculateCPUPercentUnix}): {@code (cpuDelta / systemDelta) * onlineCpus * 100}, where the
   * deltas are between this reading and the engine's previous one. Null when the engine gave no
   * previous reading or no time passed on the system clock.
   */
  public Double cpuPercentage() {
    if (cpuTotal == null || preCpuTotal == null || systemCpu == null || preSystemCpu == null) {
      return null;
    }
    long systemDelta = systemCpu - preSystemCpu;
    long cpuDelta = cpuTotal - preCpuTotal;
    if (preSystemCpu == 0 || systemDelta <= 0 || cpuDelta < 0) {
      return null;
    }
    long cpus = onlineCpus == null || onlineCpus <= 0 ? 1 : onlineCpus;
    return (double) cpuDelta / systemDelta * cpus * 100.0;
  }
}
