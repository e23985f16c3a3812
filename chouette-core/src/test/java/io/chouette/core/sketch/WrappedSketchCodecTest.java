package io.chouette.core.sketch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WrappedSketchCodecTest {

  private static final String VALID =
      "{\"metric\":\"m\",\"tags\":[\"a:1\"],\"host\":\"h\",\"ts\":10,\"cnt\":2,\"min\":1.0,"
          + "\"max\":2.0,\"sum\":3.0,\"avg\":1.5,\"k\":[1338,1382],\"n\":[1,1]}";

  private static WrappedSketch wrapped(DistributionSketch sketch) {
    return new WrappedSketch(
        "request.latency", "node-1", List.of("env:prod", "é:ü"), 1_600_000_000L, sketch);
  }

  private static SketchRecord.Valid valid(SketchRecord record) {
    assertThat(record).isInstanceOf(SketchRecord.Valid.class);
    return (SketchRecord.Valid) record;
  }

  @Test
  void roundTrip() {
    Random random = new Random(5);
    SketchBuilder builder = new SketchBuilder();
    for (int i = 0; i < 100_000; i++) {
      builder.insert(
          random.nextGaussian() * Math.exp(random.nextInt(30) - 10),
          0.3 + random.nextInt(8) / 10.0);
    }
    for (int i = 0; i < 70_000; i++) {
      builder.insert(7);
    }
    WrappedSketch original = wrapped(builder.close());
    assertThat(original.sketch().binCount()).isGreaterThan(1000);

    SketchRecord parsed = WrappedSketchCodec.parse(WrappedSketchCodec.toJson(original));

    assertThat(valid(parsed).sketch()).isEqualTo(original);
  }

  @Test
  void roundTripOfEmptyAndNonFiniteSummaries() {
    for (DistributionSketch sketch :
        List.of(
            new SketchBuilder().close(),
            new DistributionSketch(
                2,
                1e308,
                1.7e308,
                Double.POSITIVE_INFINITY,
                Double.NaN,
                new int[] {32000, 32001},
                new int[] {1, 1}),
            new DistributionSketch(
                1,
                -1e308,
                -1e308,
                Double.NEGATIVE_INFINITY,
                -1e308,
                new int[] {-32000},
                new int[] {1}))) {
      WrappedSketch original = new WrappedSketch("m", "", List.of(), 0, sketch);
      assertThat(valid(WrappedSketchCodec.parse(WrappedSketchCodec.toJson(original))).sketch())
          .isEqualTo(original);
    }
  }

  @Test
  void recordLayout() throws Exception {
    DistributionSketch sketch =
        new DistributionSketch(
            3, 1.5, 10, 13.5, 4.5, new int[] {1365, 1487, 1487}, new int[] {1, 1, 1});
    String json = WrappedSketchCodec.toJson(wrapped(sketch));
    JsonNode node = new ObjectMapper().readTree(json);
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactly(
            "metric", "tags", "host", "ts", "cnt", "min", "max", "sum", "avg", "k", "n");
    assertThat(node.get("metric").asText()).isEqualTo("request.latency");
    assertThat(node.get("tags").toString()).isEqualTo("[\"env:prod\",\"é:ü\"]");
    assertThat(node.get("host").asText()).isEqualTo("node-1");
    assertThat(node.get("ts").isIntegralNumber()).isTrue();
    assertThat(node.get("ts").asLong()).isEqualTo(1_600_000_000L);
    assertThat(node.get("cnt").asLong()).isEqualTo(3);
    assertThat(node.get("min").asDouble()).isEqualTo(1.5);
    assertThat(node.get("max").asDouble()).isEqualTo(10.0);
    assertThat(node.get("sum").asDouble()).isEqualTo(13.5);
    assertThat(node.get("avg").asDouble()).isEqualTo(4.5);
    assertThat(node.get("k").toString()).isEqualTo("[1365,1487,1487]");
    assertThat(node.get("n").toString()).isEqualTo("[1,1,1]");
  }

  @Test
  void hostAndTagsMayBeMissing() {
    String json = VALID.replace("\"tags\":[\"a:1\"],\"host\":\"h\",", "");
    WrappedSketch sketch = valid(WrappedSketchCodec.parse(json)).sketch();
    assertThat(sketch.host()).isEmpty();
    assertThat(sketch.tags()).isEmpty();
    assertThat(sketch.sketch().k()).containsExactly(1338, 1382);
  }

  static Stream<Arguments> brokenRecords() {
    return Stream.of(
        Arguments.of("{", "not valid JSON"),
        Arguments.of("", "not a JSON object"),
        Arguments.of("[1]", "not a JSON object"),
        Arguments.of(VALID.replace("\"metric\":\"m\",", ""), "no metric name"),
        Arguments.of(VALID.replace("\"metric\":\"m\"", "\"metric\":\"\""), "no metric name"),
        Arguments.of(VALID.replace("\"metric\":\"m\"", "\"metric\":5"), "no metric name"),
        Arguments.of(VALID.replace("\"host\":\"h\"", "\"host\":1"), "host is not a string"),
        Arguments.of(VALID.replace("[\"a:1\"]", "\"a:1\""), "tags is not a list"),
        Arguments.of(VALID.replace("[\"a:1\"]", "[1]"), "tags holds a non-string"),
        Arguments.of(VALID.replace("\"ts\":10,", ""), "no integer ts"),
        Arguments.of(VALID.replace("\"ts\":10", "\"ts\":10.5"), "no integer ts"),
        Arguments.of(VALID.replace("\"ts\":10", "\"ts\":\"10\""), "no integer ts"),
        Arguments.of(VALID.replace("\"cnt\":2", "\"cnt\":-1"), "no integer cnt >= 0"),
        Arguments.of(VALID.replace("\"cnt\":2", "\"cnt\":1e40"), "no integer cnt >= 0"),
        Arguments.of(VALID.replace("\"min\":1.0,", ""), "no numeric min"),
        Arguments.of(VALID.replace("\"max\":2.0", "\"max\":\"big\""), "no numeric max"),
        Arguments.of(VALID.replace("\"sum\":3.0", "\"sum\":null"), "no numeric sum"),
        Arguments.of(VALID.replace("\"avg\":1.5", "\"avg\":[1]"), "no numeric avg"),
        Arguments.of(VALID.replace(",\"k\":[1338,1382]", ""), "k and n must be lists of integers"),
        Arguments.of(VALID.replace("[1338,1382]", "[1338.5,1382]"), "k and n must be lists"),
        Arguments.of(VALID.replace("[1,1]", "[1,5000000000]"), "k and n must be lists"),
        Arguments.of(VALID.replace("[1,1]", "{}"), "k and n must be lists"),
        Arguments.of(VALID.replace("[1,1]", "[1]"), "bad bins: k and n differ in length"),
        Arguments.of(VALID.replace("[1338,1382]", "[1382,1338]"), "bad bins: keys not ascending"),
        Arguments.of(VALID.replace("[1338,1382]", "[1338,40000]"), "bad bins: key out of range"),
        Arguments.of(VALID.replace("[1,1]", "[1,65536]"), "bad bins: count out of [0, 65535]"));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("brokenRecords")
  void brokenRecordsAreRejectedWithTheReason(String json, String reason) {
    SketchRecord record = WrappedSketchCodec.parse(json);
    assertThat(record).isInstanceOf(SketchRecord.Rejected.class);
    assertThat(((SketchRecord.Rejected) record).reason()).startsWith(reason);
  }

  @Test
  void theValidSampleIsValid() {
    WrappedSketch sketch = valid(WrappedSketchCodec.parse(VALID)).sketch();
    assertThat(sketch)
        .isEqualTo(
            new WrappedSketch(
                "m",
                "h",
                List.of("a:1"),
                10,
                new DistributionSketch(2, 1, 2, 3, 1.5, new int[] {1338, 1382}, new int[] {1, 1})));
  }
}
