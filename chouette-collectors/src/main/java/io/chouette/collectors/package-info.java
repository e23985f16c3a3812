/**
 * Collector plugins (DESIGN §7): host, docker, k8s, tegrastats and dramatiq, one package each,
 * registered as {@link io.chouette.core.collect.spi.CollectorPluginProvider} services. This package
 * holds what they share: building gauges, reading their environment variables and logging their
 * warnings.
 */
package io.chouette.collectors;
