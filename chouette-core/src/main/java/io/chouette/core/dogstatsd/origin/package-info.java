/**
 * DogStatsD origin detection: which container sent a metric (its {@code c:} field, or the sending
 * process's cgroup), and that container's tags, looked up through the {@link
 * io.chouette.core.dogstatsd.origin.ContainerLookup} port off the receive path and cached.
 */
package io.chouette.core.dogstatsd.origin;
