package io.chouette.core.dogstatsd;

import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.metric.WrappedMetricCodec;
import io.chouette.core.sketch.SketchRecord;
import io.chouette.core.sketch.WrappedSketch;
import io.chouette.core.sketch.WrappedSketchCodec;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StoredKey;
import io.chouette.core.storage.StoredRecord;
import io.chouette.core.storage.memory.MemoryStorageEngine;
import java.util.List;
import java.util.Optional;

/** Reads back what was stored in the wrapped queues, parsed like the senders do. */
final class WrappedStore {

  private WrappedStore() {}

  static List<WrappedMetric> wrappedMetrics(MemoryStorageEngine engine) {
    List<String> keys =
        engine.collectKeys(Queue.WRAPPED_METRICS, 0).stream().map(StoredKey::key).toList();
    return engine.collectValues(Queue.WRAPPED_METRICS, keys).stream()
        .map(StoredRecord::json)
        .map(WrappedMetricCodec::parse)
        .flatMap(Optional::stream)
        .toList();
  }

  static List<WrappedSketch> wrappedSketches(MemoryStorageEngine engine) {
    List<String> keys =
        engine.collectKeys(Queue.WRAPPED_SKETCHES, 0).stream().map(StoredKey::key).toList();
    return engine.collectValues(Queue.WRAPPED_SKETCHES, keys).stream()
        .map(record -> ((SketchRecord.Valid) WrappedSketchCodec.parse(record.json())).sketch())
        .toList();
  }
}
