package io.chouette.core.aggregate;

import io.chouette.core.sketch.WrappedSketch;
import io.chouette.core.sketch.WrappedSketchCodec;
import io.chouette.core.storage.NewRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Closed sketches as records of {@code chouette:sketches:wrapped}, scored by their bucket start.
 */
public final class SketchRecords {

  private SketchRecords() {}

  /** One record per sketch, in order. */
  public static List<NewRecord> of(List<WrappedSketch> sketches) {
    List<NewRecord> records = new ArrayList<>(sketches.size());
    for (WrappedSketch sketch : sketches) {
      records.add(new NewRecord(sketch.ts(), WrappedSketchCodec.toJson(sketch)));
    }
    return records;
  }
}
