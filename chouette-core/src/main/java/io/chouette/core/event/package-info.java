/**
 * DogStatsD events and service checks (DESIGN §5, DOGSTATSD.md §8): the {@link
 * io.chouette.core.event.Event} and {@link io.chouette.core.event.ServiceCheck} values the
 * DogStatsD parser reads, and the JSON codecs of the records that wait for the senders in {@code
 * chouette:events:wrapped} and {@code chouette:service_checks:wrapped}. Each record is scored by
 * the event's or check's own timestamp, so that its TTL counts from it.
 */
package io.chouette.core.event;
