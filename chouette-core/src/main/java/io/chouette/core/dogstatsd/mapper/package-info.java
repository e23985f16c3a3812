/**
 * The Datadog Agent's DogStatsD mapper ({@code dogstatsd_mapper_profiles}, here {@code
 * DOGSTATSD_MAPPER_PROFILES}): profiles of rules that turn parts of a metric name into tags, e.g.
 * {@code airflow.job.duration.<type>.<name>} into {@code airflow.job.duration} with {@code
 * job_type:<type>} and {@code job_name:<name>}. {@link
 * io.chouette.core.dogstatsd.mapper.MappingProfile} is the configuration, {@link
 * io.chouette.core.dogstatsd.mapper.MetricMapper} the compiled rules with the Agent's bounded
 * cache. Patterns are RE2 (Go's regexp syntax, as in the Agent) through RE2/J. Reference:
 * docs/DOGSTATSD.md, "Enrichment".
 */
package io.chouette.core.dogstatsd.mapper;
