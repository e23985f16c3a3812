package io.chouette.core.dogstatsd;

/**
 * DogStatsD counts since startup. Its {@link #toString()} is the summary logged when the server
 * stops listening.
 *
 * @param counts one per {@link DogStatsdStat}, by ordinal
 */
public record DogStatsdTotals(long[] counts) {
  public DogStatsdTotals {
    counts = counts.clone();
  }

  public long get(DogStatsdStat stat) {
    return counts[stat.ordinal()];
  }

  /** Datagrams and stream frames, over every transport. */
  public long packets() {
    return get(DogStatsdStat.PACKETS)
        + get(DogStatsdStat.UDS_PACKETS)
        + get(DogStatsdStat.UDS_STREAM_PACKETS);
  }

  public long metricLines() {
    return get(DogStatsdStat.METRIC_LINES);
  }

  /** Values aggregated (a packed line of 3 values is 3 samples). */
  public long samples() {
    return get(DogStatsdStat.SAMPLES);
  }

  public long events() {
    return get(DogStatsdStat.EVENTS);
  }

  public long serviceChecks() {
    return get(DogStatsdStat.SERVICE_CHECKS);
  }

  public long parseErrors() {
    return get(DogStatsdStat.METRIC_ERRORS)
        + get(DogStatsdStat.EVENT_ERRORS)
        + get(DogStatsdStat.SERVICE_CHECK_ERRORS)
        + get(DogStatsdStat.FRAME_ERRORS);
  }

  public long droppedSamples() {
    return get(DogStatsdStat.DROPPED_MAX_CONTEXTS)
        + get(DogStatsdStat.DROPPED_MAX_SAMPLES)
        + get(DogStatsdStat.DROPPED_TIMESTAMPED_TYPE)
        + get(DogStatsdStat.DROPPED_FUTURE_TIMESTAMP);
  }

  @Override
  public String toString() {
    return packets()
        + " packets, "
        + metricLines()
        + " metric lines, "
        + samples()
        + " samples aggregated, "
        + events()
        + " events, "
        + serviceChecks()
        + " service checks, "
        + parseErrors()
        + " parse errors, "
        + droppedSamples()
        + " samples dropped";
  }
}
