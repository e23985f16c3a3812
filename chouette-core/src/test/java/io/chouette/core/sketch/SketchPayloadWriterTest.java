package io.chouette.core.sketch;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SketchPayloadWriterTest {

  private static DistributionSketch sketchOf(double... values) {
    SketchBuilder builder = new SketchBuilder();
    for (double v : values) {
      builder.insert(v);
    }
    return builder.close();
  }

  @Test
  void everyFieldIsWrittenAsAgentPayloadDefinesIt() throws IOException {
    DistributionSketch first = sketchOf(-10, 0, 10, 10, 1000, 10000);
    SketchBuilder heavy = new SketchBuilder();
    for (int i = 0; i < 70_000; i++) {
      heavy.insert(2.5);
    }
    DistributionSketch second = heavy.close();
    List<WrappedSketch> sketches =
        List.of(
            new WrappedSketch(
                "request.latency", "node-1", List.of("env:prod", "zone:ü"), 1_600_000_000L, first),
            new WrappedSketch("queue.depth", "node-2", List.of(), 1_600_000_010L, second));

    byte[] payload = SketchPayloadWriter.write(sketches);

    List<Decoded> decoded = decode(payload);
    assertThat(decoded).hasSize(2);
    assertDecoded(decoded.get(0), sketches.get(0));
    assertDecoded(decoded.get(1), sketches.get(1));
    assertThat(decoded.get(0).k).containsExactly(-1487, 0, 1487, 1784, 1932);
    assertThat(decoded.get(0).n).containsExactly(1, 1, 2, 1, 1);
    assertThat(decoded.get(1).n).containsExactly(4465, 65535);
  }

  private static void assertDecoded(Decoded actual, WrappedSketch expected) {
    DistributionSketch sketch = expected.sketch();
    assertThat(actual.metric).isEqualTo(expected.metric());
    assertThat(actual.host).isEqualTo(expected.host());
    assertThat(actual.tags).isEqualTo(expected.tags());
    assertThat(actual.dogsketches).isEqualTo(1);
    assertThat(actual.ts).isEqualTo(expected.ts());
    assertThat(actual.cnt).isEqualTo(sketch.cnt());
    assertThat(actual.min).isEqualTo(sketch.min());
    assertThat(actual.max).isEqualTo(sketch.max());
    assertThat(actual.avg).isEqualTo(sketch.avg());
    assertThat(actual.sum).isEqualTo(sketch.sum());
    assertThat(actual.k.stream().mapToInt(Integer::intValue).toArray()).isEqualTo(sketch.k());
    assertThat(actual.n.stream().mapToInt(Integer::intValue).toArray()).isEqualTo(sketch.n());
    assertThat(actual.packed).as("k and n packed").isTrue();
  }

  /**
   * The same bytes as protobuf-java's own encoder for the message types of agent_payload.proto
   * (rebuilt here as descriptors): field numbers, types (sint32 k, uint32 n), packing, order and
   * the proto3 rule of leaving out default values all match.
   */
  @Test
  void sameBytesAsProtobufForTheProtoDefinition() throws Exception {
    Random random = new Random(3);
    List<WrappedSketch> sketches = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      SketchBuilder builder = new SketchBuilder();
      int size = random.nextInt(3000);
      for (int j = 0; j < size; j++) {
        builder.insert(
            random.nextGaussian() * Math.exp(random.nextInt(12)), 0.2 + random.nextInt(9) / 10.0);
      }
      List<String> tags = i % 3 == 0 ? List.of() : List.of("k:" + i, "route:/a/" + i);
      sketches.add(
          new WrappedSketch(
              "m." + i, i % 4 == 0 ? "" : "host-" + i, tags, i * 10L, builder.close()));
    }
    byte[] ours = SketchPayloadWriter.write(sketches);

    Descriptor payloadType = sketchPayloadDescriptor();
    DynamicMessage parsed = DynamicMessage.parseFrom(payloadType, ours);
    assertThat(parsed.getUnknownFields().asMap()).isEmpty();
    assertThat(parsed.toByteArray()).isEqualTo(ours);
    assertThat(parsed.getRepeatedFieldCount(payloadType.findFieldByName("sketches"))).isEqualTo(20);
  }

  @Test
  void defaultValuesAreLeftOut() throws IOException {
    DistributionSketch zeros = sketchOf(0, 0);
    byte[] payload =
        SketchPayloadWriter.write(List.of(new WrappedSketch("m", "", List.of(), 0, zeros)));
    Decoded decoded = decode(payload).get(0);
    assertThat(decoded.fields)
        .containsExactly("metric", "dogsketch.cnt", "dogsketch.k", "dogsketch.n");
    assertThat(decoded.k).containsExactly(0);
    assertThat(decoded.n).containsExactly(2);
    assertThat(SketchPayloadWriter.write(List.of())).isEmpty();
  }

  @Test
  void streamAndSizeAgreeWithTheArray() throws IOException {
    List<WrappedSketch> sketches =
        List.of(new WrappedSketch("a", "h", List.of("t:1"), 5, sketchOf(1, 2, 3)));
    byte[] bytes = SketchPayloadWriter.write(sketches);
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    SketchPayloadWriter.writeTo(sketches, stream);
    assertThat(stream.toByteArray()).isEqualTo(bytes);
    assertThat(SketchPayloadWriter.payloadSize(sketches)).isEqualTo(bytes.length);
  }

  /** A sketch of 10,000 latencies takes at most 1/20 of their 80,000 raw bytes. */
  @Test
  void sketchIsTwentyTimesSmallerThanItsValues() {
    Random random = new Random(1);
    SketchBuilder builder = new SketchBuilder();
    for (int i = 0; i < 10_000; i++) {
      builder.insert(Math.exp(random.nextGaussian() + 3));
    }
    byte[] payload =
        SketchPayloadWriter.write(
            List.of(
                new WrappedSketch(
                    "request.latency", "node-1", List.of("env:prod"), 1, builder.close())));
    assertThat(payload.length).isLessThanOrEqualTo(10_000 * 8 / 20);
  }

  /** What the tests read back from a payload. */
  static final class Decoded {
    String metric = "";
    String host = "";
    final List<String> tags = new ArrayList<>();
    int dogsketches;
    long ts;
    long cnt;
    double min;
    double max;
    double avg;
    double sum;
    final List<Integer> k = new ArrayList<>();
    final List<Integer> n = new ArrayList<>();
    boolean packed = true;
    final List<String> fields = new ArrayList<>();
  }

  /** Decodes a SketchPayload by hand; any field not in agent_payload.proto fails the test. */
  static List<Decoded> decode(byte[] payload) throws IOException {
    List<Decoded> sketches = new ArrayList<>();
    CodedInputStream in = CodedInputStream.newInstance(payload);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      assertThat(tag).as("SketchPayload.sketches").isEqualTo(lengthDelimited(1));
      CodedInputStream sketch = in.readBytes().newCodedInput();
      Decoded decoded = new Decoded();
      for (int t = sketch.readTag(); t != 0; t = sketch.readTag()) {
        switch (WireFormat.getTagFieldNumber(t)) {
          case 1 -> {
            assertThat(t).isEqualTo(lengthDelimited(1));
            decoded.metric = sketch.readString();
            decoded.fields.add("metric");
          }
          case 2 -> {
            assertThat(t).isEqualTo(lengthDelimited(2));
            decoded.host = sketch.readString();
            decoded.fields.add("host");
          }
          case 4 -> {
            assertThat(t).isEqualTo(lengthDelimited(4));
            decoded.tags.add(sketch.readString());
            decoded.fields.add("tags");
          }
          case 7 -> {
            assertThat(t).isEqualTo(lengthDelimited(7));
            decoded.dogsketches++;
            readDogsketch(sketch.readBytes().newCodedInput(), decoded);
          }
          default -> throw new AssertionError("unexpected Sketch field " + t);
        }
      }
      sketches.add(decoded);
    }
    return sketches;
  }

  private static void readDogsketch(CodedInputStream in, Decoded d) throws IOException {
    for (int t = in.readTag(); t != 0; t = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(t);
      int type = WireFormat.getTagWireType(t);
      switch (field) {
        case 1 -> d.ts = in.readInt64();
        case 2 -> d.cnt = in.readInt64();
        case 3 -> d.min = in.readDouble();
        case 4 -> d.max = in.readDouble();
        case 5 -> d.avg = in.readDouble();
        case 6 -> d.sum = in.readDouble();
        case 7, 8 -> {
          if (type != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            d.packed = false;
            (field == 7 ? d.k : d.n).add(field == 7 ? in.readSInt32() : in.readUInt32());
          } else {
            int limit = in.pushLimit(in.readRawVarint32());
            while (in.getBytesUntilLimit() > 0) {
              (field == 7 ? d.k : d.n).add(field == 7 ? in.readSInt32() : in.readUInt32());
            }
            in.popLimit(limit);
          }
        }
        default -> throw new AssertionError("unexpected Dogsketch field " + t);
      }
      int expectedType =
          field <= 2
              ? WireFormat.WIRETYPE_VARINT
              : field <= 6 ? WireFormat.WIRETYPE_FIXED64 : WireFormat.WIRETYPE_LENGTH_DELIMITED;
      assertThat(type).as("wire type of Dogsketch field %d", field).isEqualTo(expectedType);
      String[] names = {"", "ts", "cnt", "min", "max", "avg", "sum", "k", "n"};
      d.fields.add("dogsketch." + names[field]);
    }
  }

  private static int lengthDelimited(int field) {
    return (field << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  }

  /** SketchPayload, Sketch and Dogsketch of agent_payload.proto (proto3), as descriptors. */
  static Descriptor sketchPayloadDescriptor() throws Exception {
    DescriptorProto dogsketch =
        DescriptorProto.newBuilder()
            .setName("Dogsketch")
            .addField(field("ts", 1, Type.TYPE_INT64, false))
            .addField(field("cnt", 2, Type.TYPE_INT64, false))
            .addField(field("min", 3, Type.TYPE_DOUBLE, false))
            .addField(field("max", 4, Type.TYPE_DOUBLE, false))
            .addField(field("avg", 5, Type.TYPE_DOUBLE, false))
            .addField(field("sum", 6, Type.TYPE_DOUBLE, false))
            .addField(field("k", 7, Type.TYPE_SINT32, true))
            .addField(field("n", 8, Type.TYPE_UINT32, true))
            .build();
    DescriptorProto sketch =
        DescriptorProto.newBuilder()
            .setName("Sketch")
            .addNestedType(dogsketch)
            .addField(field("metric", 1, Type.TYPE_STRING, false))
            .addField(field("host", 2, Type.TYPE_STRING, false))
            .addField(field("tags", 4, Type.TYPE_STRING, true))
            .addField(
                field("dogsketches", 7, Type.TYPE_MESSAGE, true).toBuilder()
                    .setTypeName(".datadog.agentpayload.SketchPayload.Sketch.Dogsketch")
                    .build())
            .build();
    DescriptorProto payload =
        DescriptorProto.newBuilder()
            .setName("SketchPayload")
            .addNestedType(sketch)
            .addField(
                field("sketches", 1, Type.TYPE_MESSAGE, true).toBuilder()
                    .setTypeName(".datadog.agentpayload.SketchPayload.Sketch")
                    .build())
            .build();
    FileDescriptorProto file =
        FileDescriptorProto.newBuilder()
            .setName("agent_payload_sketch.proto")
            .setPackage("datadog.agentpayload")
            .setSyntax("proto3")
            .addMessageType(payload)
            .build();
    return FileDescriptor.buildFrom(file, new FileDescriptor[0])
        .findMessageTypeByName("SketchPayload");
  }

  private static FieldDescriptorProto field(String name, int number, Type type, boolean repeated) {
    return FieldDescriptorProto.newBuilder()
        .setName(name)
        .setNumber(number)
        .setType(type)
        .setLabel(repeated ? Label.LABEL_REPEATED : Label.LABEL_OPTIONAL)
        .build();
  }
}
