package io.chouette.core.send;

import io.chouette.core.sketch.SketchPayloadWriter;
import io.chouette.core.sketch.SketchRecord;
import io.chouette.core.sketch.WrappedSketch;
import io.chouette.core.sketch.WrappedSketchCodec;
import io.chouette.core.storage.StoredRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The distributions payload of {@code POST /api/beta/sketches}: the protobuf {@code SketchPayload}
 * the Datadog Agent sends ({@link SketchPayloadWriter}), deflated.
 *
 * <p>Each stored sketch gets the global tags (appended, without repeating a tag it already has) and
 * {@code host} when {@code HOST} is set and the record names none, as series do ({@link
 * SeriesFormat}). A record that is not a sketch ({@link WrappedSketchCodec}) is dropped as invalid.
 *
 * <p>Limits: the Agent's serializer limits for non-series payloads, which its sketches obey
 * (datadog-agent {@code pkg/config/setup}: {@code serializer_max_payload_size} 2.5 MiB compressed,
 * {@code serializer_max_uncompressed_payload_size} 4 MiB), with the warning that larger payloads
 * "will get dropped by Datadog's intake"; Datadog documents no limit for this endpoint.
 */
final class SketchesFormat implements PayloadFormat<WrappedSketch> {

  /** The Agent's {@code serializer_max_payload_size}: 2*megaByte + megaByte/2. */
  static final long MAX_COMPRESSED_BYTES = 2_621_440L;

  /** The Agent's {@code serializer_max_uncompressed_payload_size}: 4*megaByte. */
  static final long MAX_UNCOMPRESSED_BYTES = 4_194_304L;

  private final List<String> globalTags;
  private final String host;

  SketchesFormat(List<String> globalTags, String host) {
    this.globalTags = List.copyOf(globalTags);
    this.host = host == null || host.isBlank() ? "" : host;
  }

  @Override
  public String kind() {
    return "sketches";
  }

  @Override
  public Parsed<WrappedSketch> parse(List<StoredRecord> records) {
    List<Item<WrappedSketch>> items = new ArrayList<>(records.size());
    List<Invalid> invalid = new ArrayList<>();
    for (StoredRecord record : records) {
      SketchRecord parsed = WrappedSketchCodec.parse(record.json());
      if (parsed instanceof SketchRecord.Rejected rejected) {
        invalid.add(
            new Invalid(
                record.key(),
                "not a wrapped sketch ("
                    + rejected.reason()
                    + "): "
                    + SeriesFormat.snippet(record.json())));
        continue;
      }
      WrappedSketch stored = ((SketchRecord.Valid) parsed).sketch();
      WrappedSketch sketch =
          new WrappedSketch(
              stored.metric(),
              stored.host().isEmpty() ? host : stored.host(),
              withGlobalTags(stored.tags()),
              stored.ts(),
              stored.sketch());
      items.add(new Item<>(record.key(), sketch, SketchPayloadWriter.payloadSize(List.of(sketch))));
    }
    return new Parsed<>(items, invalid, 0);
  }

  @Override
  public byte[] encode(List<Item<WrappedSketch>> items) {
    List<WrappedSketch> sketches = new ArrayList<>(items.size());
    for (Item<WrappedSketch> item : items) {
      sketches.add(item.value());
    }
    return SketchPayloadWriter.write(sketches);
  }

  @Override
  public String contentType() {
    return "application/x-protobuf";
  }

  @Override
  public int maxEntries() {
    return Integer.MAX_VALUE;
  }

  @Override
  public long maxUncompressedBytes() {
    return MAX_UNCOMPRESSED_BYTES;
  }

  @Override
  public long maxCompressedBytes() {
    return MAX_COMPRESSED_BYTES;
  }

  @Override
  public String describe(Item<WrappedSketch> item) {
    WrappedSketch sketch = item.value();
    return sketch.metric() + " " + sketch.tags() + " at " + sketch.ts();
  }

  private List<String> withGlobalTags(List<String> tags) {
    if (globalTags.isEmpty()) {
      return tags;
    }
    LinkedHashSet<String> all = new LinkedHashSet<>(tags);
    all.addAll(globalTags);
    return List.copyOf(all);
  }
}
