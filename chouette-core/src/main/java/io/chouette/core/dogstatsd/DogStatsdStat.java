package io.chouette.core.dogstatsd;

import java.util.ArrayList;
import java.util.List;

/**
 * Self-metrics ({@code chouette.dogstatsd.*}), counted per bucket and in total, each per transport:
 * a series carries its own tags and {@code transport:udp|uds|uds_stream}.
 */
public enum DogStatsdStat {
  /** Datagrams, and stream frames. */
  PACKETS("chouette.dogstatsd.packets"),
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
  /** Stream frames refused (longer than a chunk's datagram room); their connection is closed. */
  FRAME_ERRORS("chouette.dogstatsd.parse_errors", "message_type:frame"),
  /** Metric lines that origin detection could not tag (yet): no or unknown container. */
  ORIGIN_UNTAGGED("chouette.dogstatsd.origin_untagged"),
  /** Metric lines tagged with their container's tags. */
  ORIGIN_TAGGED("chouette.dogstatsd.origin_tagged");

  private final String metric;
  private final List<String> tags;
  private final List<List<String>> tagsByTransport = new ArrayList<>();

  DogStatsdStat(String metric, String... tags) {
    this.metric = metric;
    this.tags = List.of(tags);
    for (DogStatsdTransport transport : DogStatsdTransport.values()) {
      List<String> withTransport = new ArrayList<>(this.tags);
      withTransport.add("transport:" + transport.tag());
      tagsByTransport.add(List.copyOf(withTransport));
    }
  }

  public String metric() {
    return metric;
  }

  /** Its own tags, without the transport's. */
  public List<String> tags() {
    return tags;
  }

  /** The tags of its series counted over {@code transport}. */
  public List<String> tags(DogStatsdTransport transport) {
    return tagsByTransport.get(transport.ordinal());
  }
}
