package io.chouette.core.sketch;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes sketches as the protobuf {@code SketchPayload} of DataDog/agent-payload ({@code
 * proto/metrics/agent_payload.proto}), the body the Agent posts to {@code /api/beta/sketches}:
 *
 * <pre>
 * SketchPayload { repeated Sketch sketches = 1; CommonMetadata metadata = 2; }
 * Sketch        { string metric = 1; string host = 2; repeated string tags = 4;
 *                 repeated Dogsketch dogsketches = 7; }
 * Dogsketch     { int64 ts = 1; int64 cnt = 2; double min = 3; double max = 4; double avg = 5;
 *                 double sum = 6; repeated sint32 k = 7 [packed]; repeated uint32 n = 8 [packed]; }
 * </pre>
 *
 * One {@code Sketch} with one {@code Dogsketch} per {@link WrappedSketch}. As the Agent's streaming
 * encoder, fields holding their default value (0, empty) are left out, and so are the payload's
 * {@code metadata} (always empty from an Agent), the unused {@code distributions} and the optional
 * per-sketch {@code metadata} (origin). Compression is the sender's job.
 */
public final class SketchPayloadWriter {

  private static final int LENGTH_DELIMITED = WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int PAYLOAD_SKETCHES = 1;
  private static final int SKETCH_METRIC = 1;
  private static final int SKETCH_HOST = 2;
  private static final int SKETCH_TAGS = 4;
  private static final int SKETCH_DOGSKETCHES = 7;
  private static final int DOGSKETCH_TS = 1;
  private static final int DOGSKETCH_CNT = 2;
  private static final int DOGSKETCH_MIN = 3;
  private static final int DOGSKETCH_MAX = 4;
  private static final int DOGSKETCH_AVG = 5;
  private static final int DOGSKETCH_SUM = 6;
  private static final int DOGSKETCH_K = 7;
  private static final int DOGSKETCH_N = 8;

  private SketchPayloadWriter() {}

  /** The serialised {@code SketchPayload}. */
  public static byte[] write(List<WrappedSketch> sketches) {
    byte[] bytes = new byte[payloadSize(sketches)];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      writeTo(sketches, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen: the array has the computed size
    }
    out.checkNoSpaceLeft();
    return bytes;
  }

  /** Streams the serialised {@code SketchPayload} to {@code stream} (not closed). */
  public static void writeTo(List<WrappedSketch> sketches, OutputStream stream) throws IOException {
    CodedOutputStream out = CodedOutputStream.newInstance(stream);
    writeTo(sketches, out);
    out.flush();
  }

  /** Size in bytes of the serialised payload. */
  public static int payloadSize(List<WrappedSketch> sketches) {
    int size = 0;
    for (WrappedSketch sketch : sketches) {
      size += messageFieldSize(PAYLOAD_SKETCHES, sketchSize(sketch));
    }
    return size;
  }

  private static void writeTo(List<WrappedSketch> sketches, CodedOutputStream out)
      throws IOException {
    for (WrappedSketch sketch : sketches) {
      out.writeTag(PAYLOAD_SKETCHES, LENGTH_DELIMITED);
      out.writeUInt32NoTag(sketchSize(sketch));
      writeSketch(sketch, out);
    }
  }

  private static void writeSketch(WrappedSketch sketch, CodedOutputStream out) throws IOException {
    if (!sketch.metric().isEmpty()) {
      out.writeString(SKETCH_METRIC, sketch.metric());
    }
    if (!sketch.host().isEmpty()) {
      out.writeString(SKETCH_HOST, sketch.host());
    }
    for (String tag : sketch.tags()) {
      out.writeString(SKETCH_TAGS, tag);
    }
    DistributionSketch d = sketch.sketch();
    out.writeTag(SKETCH_DOGSKETCHES, LENGTH_DELIMITED);
    out.writeUInt32NoTag(dogsketchSize(sketch.ts(), d));
    if (sketch.ts() != 0) {
      out.writeInt64(DOGSKETCH_TS, sketch.ts());
    }
    if (d.cnt() != 0) {
      out.writeInt64(DOGSKETCH_CNT, d.cnt());
    }
    writeDouble(out, DOGSKETCH_MIN, d.min());
    writeDouble(out, DOGSKETCH_MAX, d.max());
    writeDouble(out, DOGSKETCH_AVG, d.avg());
    writeDouble(out, DOGSKETCH_SUM, d.sum());
    int bins = d.binCount();
    if (bins > 0) {
      out.writeTag(DOGSKETCH_K, LENGTH_DELIMITED);
      out.writeUInt32NoTag(packedKeysSize(d));
      for (int i = 0; i < bins; i++) {
        out.writeSInt32NoTag(d.key(i));
      }
      out.writeTag(DOGSKETCH_N, LENGTH_DELIMITED);
      out.writeUInt32NoTag(packedCountsSize(d));
      for (int i = 0; i < bins; i++) {
        out.writeUInt32NoTag(d.count(i));
      }
    }
  }

  private static void writeDouble(CodedOutputStream out, int field, double value)
      throws IOException {
    if (value != 0) {
      out.writeDouble(field, value);
    }
  }

  private static int sketchSize(WrappedSketch sketch) {
    int size = 0;
    if (!sketch.metric().isEmpty()) {
      size += CodedOutputStream.computeStringSize(SKETCH_METRIC, sketch.metric());
    }
    if (!sketch.host().isEmpty()) {
      size += CodedOutputStream.computeStringSize(SKETCH_HOST, sketch.host());
    }
    for (String tag : sketch.tags()) {
      size += CodedOutputStream.computeStringSize(SKETCH_TAGS, tag);
    }
    return size + messageFieldSize(SKETCH_DOGSKETCHES, dogsketchSize(sketch.ts(), sketch.sketch()));
  }

  private static int dogsketchSize(long ts, DistributionSketch d) {
    int size = 0;
    if (ts != 0) {
      size += CodedOutputStream.computeInt64Size(DOGSKETCH_TS, ts);
    }
    if (d.cnt() != 0) {
      size += CodedOutputStream.computeInt64Size(DOGSKETCH_CNT, d.cnt());
    }
    size += doubleSize(DOGSKETCH_MIN, d.min());
    size += doubleSize(DOGSKETCH_MAX, d.max());
    size += doubleSize(DOGSKETCH_AVG, d.avg());
    size += doubleSize(DOGSKETCH_SUM, d.sum());
    if (d.binCount() > 0) {
      size += messageFieldSize(DOGSKETCH_K, packedKeysSize(d));
      size += messageFieldSize(DOGSKETCH_N, packedCountsSize(d));
    }
    return size;
  }

  private static int doubleSize(int field, double value) {
    return value != 0 ? CodedOutputStream.computeDoubleSize(field, value) : 0;
  }

  private static int packedKeysSize(DistributionSketch d) {
    int size = 0;
    for (int i = 0; i < d.binCount(); i++) {
      size += CodedOutputStream.computeSInt32SizeNoTag(d.key(i));
    }
    return size;
  }

  private static int packedCountsSize(DistributionSketch d) {
    int size = 0;
    for (int i = 0; i < d.binCount(); i++) {
      size += CodedOutputStream.computeUInt32SizeNoTag(d.count(i));
    }
    return size;
  }

  /** A length-delimited field: tag, length, body. */
  private static int messageFieldSize(int field, int bodySize) {
    return CodedOutputStream.computeTagSize(field)
        + CodedOutputStream.computeUInt32SizeNoTag(bodySize)
        + bodySize;
  }
}
