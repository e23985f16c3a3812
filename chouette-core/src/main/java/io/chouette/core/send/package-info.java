/**
 * Sending to Datadog (DESIGN §5): the {@link io.chouette.core.send.MetricsSender} and {@link
 * io.chouette.core.send.LogsSender} actors, which move the wrapped queues to Datadog's HTTP API
 * every release interval and delete exactly what Datadog accepted; the payload formats (merged
 * series, log arrays, zlib deflate, Datadog's size limits); and {@link
 * io.chouette.core.send.DatadogClient}, the small OkHttp client behind them.
 */
package io.chouette.core.send;
