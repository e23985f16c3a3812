/**
 * DogStatsD over UDP and Unix sockets: the strict, allocation-light {@link
 * io.chouette.core.dogstatsd.DogStatsdParser} (the Datadog Agent's rules), the in-memory {@link
 * io.chouette.core.dogstatsd.DogStatsdBuckets} that the MetricsAggregator drains, the receiving
 * threads of each transport and the {@link io.chouette.core.dogstatsd.DogStatsdServer} actor that
 * owns them, origin tags ({@link io.chouette.core.dogstatsd.OriginLines}), and the {@code
 * dogstatsd} metrics wrapper that reproduces the Agent's series. Protocol reference:
 * docs/DOGSTATSD.md.
 */
package io.chouette.core.dogstatsd;
