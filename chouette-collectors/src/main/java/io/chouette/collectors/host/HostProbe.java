package io.chouette.collectors.host;

import java.util.List;
import java.util.OptionalDouble;

/** What the host plugin reads from the operating system; OSHI in production, a fake in tests. */
public interface HostProbe {

  /**
   * Cumulative CPU time per state since boot, summed over all CPUs, in the order of OSHI's {@code
   * CentralProcessor.TickType}: user, nice, system, idle, iowait, irq, softirq, steal.
   */
  long[] cpuTicks();

  /** The 1-minute load average; empty where the system has none. */
  OptionalDouble loadAverage1m();

  /** Physical memory. */
  Memory memory();

  /** Mounted local file systems on devices (no pseudo or memory file systems). */
  List<FileStore> fileStores();

  /** Byte counters of every network interface, loopback included. */
  List<NetworkCounters> networkInterfaces();

  /** Physical memory in bytes; {@code available} as the kernel's MemAvailable. */
  record Memory(long total, long available) {}

  /**
   * One mounted file system.
   *
   * @param device the device, e.g. {@code /dev/sda1}
   * @param total size in bytes
   * @param free bytes not allocated to any file (root's reserve included)
   * @param usable bytes an unprivileged user can still write
   */
  record FileStore(String device, String mount, long total, long free, long usable) {}

  /** Cumulative bytes through one interface since boot. */
  record NetworkCounters(String name, long bytesSent, long bytesRecv) {}
}
