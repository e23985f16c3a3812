/**
 * Collector plugins (DESIGN §7): host, docker, k8s, tegrastats and dramatiq, one package each,
 * registered as {@link io.chouette.core.collect.spi.CollectorPluginProvider} services. This package
 * holds what they share: building gauges and reading their environment variables.
 */
package io.chouette.collectors;
