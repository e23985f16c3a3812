/**
 * The metric data shared by the actors: raw records as chouette-iot-client writes them and their
 * parser, the samples of one context merged within a bucket ({@link
 * io.chouette.core.metric.MergedMetric}), and wrapped series points with their JSON codec (DESIGN
 * §3). Tag values and set members are written and compared as the Python agent does, so a series
 * keeps its identity across agents.
 */
package io.chouette.core.metric;
