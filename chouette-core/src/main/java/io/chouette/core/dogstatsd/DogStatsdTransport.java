package io.chouette.core.dogstatsd;

/** How datagrams reach the server; each counts its packets under its own tag. */
public enum DogStatsdTransport {
  UDP("udp", DogStatsdStat.PACKETS),
  /** The Unix datagram socket ({@code DOGSTATSD_SOCKET}). */
  UDS("uds", DogStatsdStat.UDS_PACKETS),
  /** The Unix stream socket ({@code DOGSTATSD_STREAM_SOCKET}): one frame is one packet. */
  UDS_STREAM("uds_stream", DogStatsdStat.UDS_STREAM_PACKETS);

  private final String scheme;
  private final DogStatsdStat packets;

  DogStatsdTransport(String scheme, DogStatsdStat packets) {
    this.scheme = scheme;
    this.packets = packets;
  }

  /** The scheme of its address in the logs ({@code udp://}, {@code uds://}...). */
  String scheme() {
    return scheme;
  }

  DogStatsdStat packets() {
    return packets;
  }
}
