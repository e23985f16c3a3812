package io.chouette.core.aggregate;

import io.chouette.core.metric.MergedMetric;
import io.chouette.core.metric.MetricType;
import io.chouette.core.metric.RawMetricParser;
import io.chouette.core.metric.RawRecord;
import io.chouette.core.sketch.WrappedSketch;
import io.chouette.core.storage.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One batch of raw records, merged: one metric per context and bucket, oldest bucket first; with
 * distributions as sketches, the {@code distribution} records as sketches apart.
 *
 * @param merged the merged metrics
 * @param malformed raw records that could not be read (logged through {@link RejectedRecordLog})
 * @param sketches the sketches of the {@code distribution} records (sketch mode only)
 * @param sketchKeys the raw keys of those records, handed over with the sketches
 */
record MergedBatch(
    List<MergedMetric> merged,
    int malformed,
    List<WrappedSketch> sketches,
    List<String> sketchKeys) {

  MergedBatch {
    merged = List.copyOf(merged);
    sketches = List.copyOf(sketches);
    sketchKeys = List.copyOf(sketchKeys);
  }

  /**
   * @param sketches whether {@code distribution} records become sketches ({@code
   *     DOGSTATSD_DISTRIBUTIONS=sketch}); else they are histogram samples
   */
  static MergedBatch of(
      List<StoredRecord> records, long intervalSeconds, RejectedRecordLog log, boolean sketches) {
    Map<Long, MetricsMerger> byBucket = new TreeMap<>();
    RawSketches distributions = new RawSketches(intervalSeconds);
    List<String> sketchKeys = new ArrayList<>();
    int malformed = 0;
    for (StoredRecord record : records) {
      RawRecord parsed = RawMetricParser.parse(record.json());
      if (parsed instanceof RawRecord.Sample sample) {
        if (sample.type() == MetricType.DISTRIBUTION) {
          if (sketches) {
            distributions.add(sample);
            sketchKeys.add(record.key());
            continue;
          }
          sample = asHistogram(sample);
        }
        byBucket
            .computeIfAbsent(
                MetricsMerger.bucketOf(sample.timestamp(), intervalSeconds),
                b -> new MetricsMerger())
            .add(sample);
      } else {
        malformed++;
        log.rejected(((RawRecord.Rejected) parsed).reason(), record.json());
      }
    }
    List<MergedMetric> merged = new ArrayList<>();
    byBucket.values().forEach(merger -> merged.addAll(merger.merged()));
    return new MergedBatch(merged, malformed, distributions.sketches(), sketchKeys);
  }

  private static RawRecord.Sample asHistogram(RawRecord.Sample sample) {
    return new RawRecord.Sample(
        sample.name(),
        MetricType.HISTOGRAM,
        sample.tags(),
        sample.value(),
        sample.members(),
        sample.timestamp());
  }
}
