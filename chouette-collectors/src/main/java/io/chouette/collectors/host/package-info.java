/**
 * The {@code host} plugin: CPU, file system, memory, load average and network statistics of the
 * machine Chouette runs on, read with OSHI behind the {@link io.chouette.collectors.host.HostProbe}
 * interface.
 */
package io.chouette.collectors.host;
