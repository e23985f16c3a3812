package io.chouette.core.aggregate;

import io.chouette.core.metric.MergedMetric;
import io.chouette.core.metric.RawMetricParser;
import io.chouette.core.metric.RawRecord;
import io.chouette.core.storage.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One batch of raw records, merged: one metric per context and bucket, oldest bucket first.
 *
 * @param merged the merged metrics
 * @param malformed raw records that could not be read (logged through {@link RejectedRecordLog})
 */
record MergedBatch(List<MergedMetric> merged, int malformed) {

  MergedBatch {
    merged = List.copyOf(merged);
  }

  static MergedBatch of(List<StoredRecord> records, long intervalSeconds, RejectedRecordLog log) {
    Map<Long, MetricsMerger> byBucket = new TreeMap<>();
    int malformed = 0;
    for (StoredRecord record : records) {
      RawRecord parsed = RawMetricParser.parse(record.json());
      if (parsed instanceof RawRecord.Sample sample) {
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
    return new MergedBatch(merged, malformed);
  }
}
