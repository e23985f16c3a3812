/**
 * Collecting node statistics: the {@link io.chouette.core.collect.MetricsCollector} asks one {@link
 * io.chouette.core.collect.PluginActor} per configured plugin for stats every capture interval and
 * stores the gauges they answer in the wrapped queue. Plugins themselves are plain objects behind
 * the {@link io.chouette.core.collect.spi} interfaces.
 */
package io.chouette.core.collect;
