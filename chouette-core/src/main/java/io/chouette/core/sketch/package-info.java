/**
 * DogStatsD distributions ({@code |d}) as the Datadog Agent's DDSketch: the key mapping of {@code
 * pkg/quantile} ({@link io.chouette.core.sketch.SketchKeys}), the insert-optimised {@link
 * io.chouette.core.sketch.SketchBuilder} that produces exactly the Agent's bins, the closed {@link
 * io.chouette.core.sketch.DistributionSketch} value, its {@code SketchPayload} protobuf wire form
 * ({@link io.chouette.core.sketch.SketchPayloadWriter}, DataDog/agent-payload {@code
 * proto/metrics/agent_payload.proto}) and the JSON record of the {@code chouette:sketches:wrapped}
 * queue ({@link io.chouette.core.sketch.WrappedSketchCodec}).
 */
package io.chouette.core.sketch;
