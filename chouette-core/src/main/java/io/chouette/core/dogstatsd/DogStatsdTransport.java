package io.chouette.core.dogstatsd;

/** How datagrams reach the server; every self-metric is counted per transport. */
public enum DogStatsdTransport {
  UDP("udp"),
  /** The Unix datagram socket ({@code DOGSTATSD_SOCKET}). */
  UDS("uds"),
  /** The Unix stream socket ({@code DOGSTATSD_STREAM_SOCKET}): one frame is one packet. */
  UDS_STREAM("uds_stream");

  private final String tag;

  DogStatsdTransport(String tag) {
    this.tag = tag;
  }

  /** The scheme of its address in the logs ({@code udp://}, {@code uds://}...). */
  String scheme() {
    return tag;
  }

  /** The value of the {@code transport:} tag of its self-metrics. */
  public String tag() {
    return tag;
  }
}
