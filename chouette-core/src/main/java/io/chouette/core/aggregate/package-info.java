/**
 * Aggregation (DESIGN §4): the {@link io.chouette.core.aggregate.MetricsAggregator} actor, which
 * every aggregate interval turns the raw queue's closed buckets and the DogStatsD buckets into
 * wrapped series; the merging of a bucket's samples per context; and the {@link
 * io.chouette.core.aggregate.MetricsWrapper} SPI with its {@code datadog} and {@code simple}
 * wrappers, chosen by {@code METRICS_WRAPPER}.
 */
package io.chouette.core.aggregate;
