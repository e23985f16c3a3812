/**
 * Sending to Datadog (DESIGN §5): the {@link io.chouette.core.send.MetricsSender}, {@link
 * io.chouette.core.send.LogsSender} and {@link io.chouette.core.send.SketchesSender} actors, which
 * move the wrapped queues to Datadog's HTTP API every release interval and delete exactly what
 * Datadog accepted; the payload formats (merged series, log arrays, protobuf sketches, zlib
 * deflate, Datadog's size limits); and {@link io.chouette.core.send.DatadogClient}, the small
 * OkHttp client behind them.
 */
package io.chouette.core.send;
