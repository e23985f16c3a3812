/**
 * Aggregation (DESIGN §4): the {@link io.chouette.core.aggregate.MetricsAggregator} actor, which
 * every aggregate interval merges the raw metrics and DogStatsD samples of each closed bucket into
 * series points and moves them to the wrapped queue; the {@link
 * io.chouette.core.aggregate.MetricsWrapper} SPI with its {@code datadog} and {@code simple}
 * implementations; and the pure helpers they use (merging, percentiles, key selection).
 */
package io.chouette.core.aggregate;
