package io.chouette.core.testing;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code SketchPayload} (DataDog/agent-payload {@code agent_payload.proto}) as a fake
 * intake would, field by field with protobuf-java's {@link CodedInputStream}: a field that is not
 * one of {@code Sketch{metric=1, host=2, tags=4, dogsketches=7}} or {@code Dogsketch{ts=1 .. n=8}},
 * or a wrong wire type, fails the test.
 */
public final class SketchPayloads {

  private SketchPayloads() {}

  /** One {@code Sketch} with its single {@code Dogsketch}. */
  public record Decoded(
      String metric,
      String host,
      List<String> tags,
      long ts,
      long cnt,
      double min,
      double max,
      double sum,
      double avg,
      List<Integer> k,
      List<Integer> n) {}

  /** The sketches of an uncompressed payload, in order. */
  public static List<Decoded> decode(byte[] payload) {
    try {
      List<Decoded> sketches = new ArrayList<>();
      CodedInputStream in = CodedInputStream.newInstance(payload);
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        expect(tag, 1, WireFormat.WIRETYPE_LENGTH_DELIMITED, "SketchPayload");
        sketches.add(sketch(in.readBytes().newCodedInput()));
      }
      return sketches;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Decoded sketch(CodedInputStream in) throws IOException {
    String metric = "";
    String host = "";
    List<String> tags = new ArrayList<>();
    long ts = 0;
    long cnt = 0;
    double[] summary = new double[4]; // min, max, avg, sum as numbered 3..6
    List<Integer> k = new ArrayList<>();
    List<Integer> n = new ArrayList<>();
    int dogsketches = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      switch (field) {
        case 1 -> metric = in.readString();
        case 2 -> host = in.readString();
        case 4 -> tags.add(in.readString());
        case 7 -> dogsketches++;
        default -> throw new AssertionError("unexpected Sketch field " + field);
      }
      expect(tag, field, WireFormat.WIRETYPE_LENGTH_DELIMITED, "Sketch");
      if (field != 7) {
        continue;
      }
      CodedInputStream d = in.readBytes().newCodedInput();
      for (int t = d.readTag(); t != 0; t = d.readTag()) {
        int f = WireFormat.getTagFieldNumber(t);
        if (f == 1 || f == 2) {
          expect(t, f, WireFormat.WIRETYPE_VARINT, "Dogsketch");
          long value = d.readInt64();
          if (f == 1) {
            ts = value;
          } else {
            cnt = value;
          }
        } else if (f >= 3 && f <= 6) {
          expect(t, f, WireFormat.WIRETYPE_FIXED64, "Dogsketch");
          summary[f - 3] = d.readDouble();
        } else if (f == 7 || f == 8) {
          expect(t, f, WireFormat.WIRETYPE_LENGTH_DELIMITED, "Dogsketch (packed)");
          int limit = d.pushLimit(d.readRawVarint32());
          while (d.getBytesUntilLimit() > 0) {
            if (f == 7) {
              k.add(d.readSInt32());
            } else {
              n.add(d.readUInt32());
            }
          }
          d.popLimit(limit);
        } else {
          throw new AssertionError("unexpected Dogsketch field " + f);
        }
      }
    }
    if (dogsketches != 1) {
      throw new AssertionError("a Sketch with " + dogsketches + " dogsketches");
    }
    return new Decoded(
        metric, host, tags, ts, cnt, summary[0], summary[1], summary[3], summary[2], k, n);
  }

  private static void expect(int tag, int field, int wireType, String message) {
    if (tag != ((field << 3) | wireType)) {
      throw new AssertionError(
          message + ": field " + field + " with wire type " + WireFormat.getTagWireType(tag));
    }
  }
}
