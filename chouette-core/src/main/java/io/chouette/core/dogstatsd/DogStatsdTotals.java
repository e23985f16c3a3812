package io.chouette.core.dogstatsd;

/**
 * DogStatsD counts since startup. Its {@link #toString()} is the summary logged when the server
 * stops listening.
 *
 * @param counts by {@link DogStatsdTransport} then {@link DogStatsdStat}, by ordinal
 */
public record DogStatsdTotals(long[][] counts) {
  public DogStatsdTotals {
    long[][] copy = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      copy[i] = counts[i].clone();
    }
    counts = copy;
  }

  /** Over every transport. */
  public long get(DogStatsdStat stat) {
    long sum = 0;
    for (long[] ofTransport : counts) {
      sum += ofTransport[stat.ordinal()];
    }
    return sum;
  }

  public long get(DogStatsdTransport transport, DogStatsdStat stat) {
    return counts[transport.ordinal()][stat.ordinal()];
  }

  /** Datagrams and stream frames, over every transport. */
  public long packets() {
    return get(DogStatsdStat.PACKETS);
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
