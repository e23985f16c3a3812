package io.chouette.collectors.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSFileStore;

/**
 * {@link HostProbe} over OSHI. OSHI objects are created on first use, so constructing this probe
 * loads no native code.
 */
final class OshiHostProbe implements HostProbe {

  private static final Path PROC_FILESYSTEMS = Path.of("/proc/filesystems");

  private HardwareAbstractionLayer hardware;
  private SystemInfo system;

  private synchronized HardwareAbstractionLayer hardware() {
    if (hardware == null) {
      system = new SystemInfo();
      hardware = system.getHardware();
    }
    return hardware;
  }

  private CentralProcessor processor() {
    return hardware().getProcessor();
  }

  @Override
  public long[] cpuTicks() {
    return processor().getSystemCpuLoadTicks();
  }

  @Override
  public OptionalDouble loadAverage1m() {
    double[] averages = processor().getSystemLoadAverage(1);
    return averages.length == 0 || averages[0] < 0
        ? OptionalDouble.empty()
        : OptionalDouble.of(averages[0]);
  }

  @Override
  public Memory memory() {
    var memory = hardware().getMemory();
    return new Memory(memory.getTotal(), memory.getAvailable());
  }

  @Override
  public List<FileStore> fileStores() {
    hardware();
    Set<String> deviceTypes = deviceFileSystemTypes();
    List<FileStore> stores = new ArrayList<>();
    for (OSFileStore store : system.getOperatingSystem().getFileSystem().getFileStores(true)) {
      if (deviceTypes != null && !deviceTypes.contains(store.getType())) {
        continue; // tmpfs and the like: memory, not a device (psutil's all=False rule)
      }
      stores.add(
          new FileStore(
              store.getVolume(),
              store.getMount(),
              store.getTotalSpace(),
              store.getFreeSpace(),
              store.getUsableSpace()));
    }
    return stores;
  }

  /**
   * The file system types that live on a device: those {@code /proc/filesystems} lists without
   * {@code nodev}. Null where that file does not exist (not Linux): then OSHI's own filter stands.
   */
  private static Set<String> deviceFileSystemTypes() {
    if (!Files.isReadable(PROC_FILESYSTEMS)) {
      return null;
    }
    try {
      Set<String> types = new HashSet<>();
      for (String line : Files.readAllLines(PROC_FILESYSTEMS)) {
        if (!line.startsWith("nodev") && !line.isBlank()) {
          types.add(line.trim());
        }
      }
      return types;
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public List<NetworkCounters> networkInterfaces() {
    List<NetworkCounters> counters = new ArrayList<>();
    for (NetworkIF network : hardware().getNetworkIFs(true)) {
      counters.add(
          new NetworkCounters(network.getName(), network.getBytesSent(), network.getBytesRecv()));
    }
    return counters;
  }
}
