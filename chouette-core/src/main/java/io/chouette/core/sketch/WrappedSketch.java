package io.chouette.core.sketch;

import java.util.List;
import java.util.Objects;

/**
 * A closed sketch ready to send, as stored in {@code chouette:sketches:wrapped} (see {@link
 * WrappedSketchCodec}) and written by {@link SketchPayloadWriter}.
 *
 * @param metric the metric name
 * @param host the host name ({@code ""} for none)
 * @param tags {@code "k:v"} strings, in the order they are to be sent
 * @param ts unix seconds of the sketch's window
 * @param sketch the summary and bins
 */
public record WrappedSketch(
    String metric, String host, List<String> tags, long ts, DistributionSketch sketch) {

  public WrappedSketch {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(sketch, "sketch");
    tags = List.copyOf(tags);
  }
}
