package io.chouette.core.dogstatsd;

import java.util.List;

/** Self-metrics ({@code chouette.dogstatsd.*}), counted per bucket and in total. */
public enum DogStatsdStat {
  PACKETS("chouette.dogstatsd.packets", "transport:udp"),
  METRIC_LINES("chouette.dogstatsd.metric_lines"),
  SAMPLES("chouette.dogstatsd.samples"),
  EVENTS("chouette.dogstatsd.events"),
  SERVICE_CHECKS("chouette.dogstatsd.service_checks"),
  METRIC_ERRORS("chouette.dogstatsd.parse_errors", "message_type:metric"),
  EVENT_ERRORS("chouette.dogstatsd.parse_errors", "message_type:event"),
  SERVICE_CHECK_ERRORS("chouette.dogstatsd.parse_errors", "message_type:service_check"),
  DROPPED_MAX_CONTEXTS("chouette.dogstatsd.dropped_samples", "reason:max_contexts"),
  DROPPED_MAX_SAMPLES("chouette.dogstatsd.dropped_samples", "reason:max_samples"),
  DROPPED_TIMESTAMPED_TYPE("chouette.dogstatsd.dropped_samples", "reason:timestamped_type"),
  DROPPED_FUTURE_TIMESTAMP("chouette.dogstatsd.dropped_samples", "reason:future_timestamp"),
  DROPPED_EVENTS("chouette.dogstatsd.dropped_events", "reason:queue_full"),
  DROPPED_SERVICE_CHECKS("chouette.dogstatsd.dropped_service_checks", "reason:queue_full"),
  UDS_PACKETS("chouette.dogstatsd.packets", "transport:uds"),
  UDS_STREAM_PACKETS("chouette.dogstatsd.packets", "transport:uds_stream"),
  /** Stream frames refused (longer than a chunk's datagram room); their connection is closed. */
  FRAME_ERRORS("chouette.dogstatsd.parse_errors", "message_type:frame"),
  /** Metric lines that origin detection could not tag (yet): no or unknown container. */
  ORIGIN_UNTAGGED("chouette.dogstatsd.origin_untagged"),
  /** Metric lines tagged with their container's tags. */
  ORIGIN_TAGGED("chouette.dogstatsd.origin_tagged");

  private final String metric;
  private final List<String> tags;

  DogStatsdStat(String metric, String... tags) {
    this.metric = metric;
    this.tags = List.of(tags);
  }

  public String metric() {
    return metric;
  }

  public List<String> tags() {
    return tags;
  }
}
