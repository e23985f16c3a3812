package io.chouette.core.metric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RawMetricParserTest {

  @Test
  void readsARecordAsTheClientWritesIt() {
    RawRecord record =
        RawMetricParser.parse(
            "{\"metric\": \"requests\", \"type\": \"count\", \"value\": 2, \"timestamp\":"
                + " 1600000000.5, \"tags\": {\"route\": \"/home\", \"code\": 200}}");

    assertThat(record)
        .isEqualTo(
            new RawRecord.Sample(
                "requests",
                MetricType.COUNT,
                List.of("code:200", "route:/home"),
                2.0,
                List.of(),
                1600000000.5));
  }

  @Test
  void distributionRecordsAreSamplesOfTheirOwnType() {
    RawRecord record =
        RawMetricParser.parse(
            "{\"metric\": \"latency\", \"type\": \"distribution\", \"value\": 0.25,"
                + " \"timestamp\": 1600000000.5, \"tags\": {\"route\": \"/\"}}");

    assertThat(record)
        .isEqualTo(
            new RawRecord.Sample(
                "latency",
                MetricType.DISTRIBUTION,
                List.of("route:/"),
                0.25,
                List.of(),
                1600000000.5));
  }

  @Test
  void tagValuesAreSpeltAsPythonSpellsThem() {
    RawRecord.Sample sample =
        (RawRecord.Sample)
            RawMetricParser.parse(
                "{\"metric\": \"m\", \"type\": \"gauge\", \"value\": 1.5, \"timestamp\": 1,"
                    + " \"tags\": {\"ok\": true, \"none\": null, \"ratio\": 0.5, \"big\": 1e16}}");
    assertThat(sample.tags()).containsExactly("big:1e+16", "none:None", "ok:True", "ratio:0.5");
  }

  @Test
  void tagsThatAreNotAnObjectMeanNoTags() {
    RawRecord.Sample sample =
        (RawRecord.Sample)
            RawMetricParser.parse(
                "{\"metric\": \"m\", \"type\": \"gauge\", \"value\": 1, \"timestamp\": 1, \"tags\":"
                    + " [\"a:b\"]}");
    assertThat(sample.tags()).isEmpty();
  }

  @Test
  void setMembersAreCanonical() {
    RawRecord.Sample sample =
        (RawRecord.Sample)
            RawMetricParser.parse(
                "{\"metric\": \"users\", \"type\": \"set\", \"value\": [\"alice\", 1, 1.0, \"1\"],"
                    + " \"timestamp\": 1}");
    assertThat(sample.members())
        .containsExactly(
            SetMembers.ofString("alice"),
            SetMembers.ofNumber(1),
            SetMembers.ofNumber(1),
            SetMembers.ofString("1"));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{not json|not valid JSON",
        "[1,2]|not a JSON object",
        "{\"type\": \"count\", \"value\": 1, \"timestamp\": 1}|no metric name",
        "{\"metric\": \"m\", \"value\": 1, \"timestamp\": 1}|no type",
        "{\"metric\": \"m\", \"type\": \"summary\", \"value\": 1, \"timestamp\": 1}|unknown"
            + " type \"summary\"",
        "{\"metric\": \"m\", \"type\": \"distribution\", \"value\": \"x\", \"timestamp\": 1}"
            + "|distribution value is not a finite number",
        "{\"metric\": \"m\", \"type\": \"count\", \"value\": 1}|no numeric timestamp",
        "{\"metric\": \"m\", \"type\": \"count\", \"value\": 1, \"timestamp\": \"now\"}|no numeric"
            + " timestamp",
        "{\"metric\": \"m\", \"type\": \"count\", \"timestamp\": 1}|no value",
        "{\"metric\": \"m\", \"type\": \"count\", \"value\": \"five\", \"timestamp\": 1}|count"
            + " value is not a finite number",
        "{\"metric\": \"m\", \"type\": \"histogram\", \"value\": [1], \"timestamp\": 1}|histogram"
            + " value is not a finite number",
        "{\"metric\": \"m\", \"type\": \"gauge\", \"value\": true, \"timestamp\": 1}|gauge value is"
            + " not a finite number",
        "{\"metric\": \"m\", \"type\": \"set\", \"value\": \"abc\", \"timestamp\": 1}|set value is"
            + " not a list"
      })
  void unusableRecordsAreRejectedWithAReason(String json, String reason) {
    assertThat(RawMetricParser.parse(json)).isEqualTo(new RawRecord.Rejected(reason));
  }

  /** Every reason the parser gives; anything else is a bug (an exception turned into text, say). */
  private static final Pattern REASON =
      Pattern.compile(
          "not valid JSON|not a JSON object|no metric name|no type|unknown type \".*\""
              + "|no numeric timestamp|no value|set value is not a list"
              + "|(gauge|count|rate|histogram|distribution) value is not a finite number",
          Pattern.DOTALL);

  @Test
  void damagedRecordsAreUsableSamplesOrRejectedWithAKnownReason() {
    Random random = new Random(42);
    String valid =
        "{\"metric\": \"m\", \"type\": \"set\", \"value\": [1], \"timestamp\": 1, \"tags\": {\"a\":"
            + " 1}}";
    int samples = 0;
    int rejected = 0;
    for (int i = 0; i < 20_000; i++) {
      char[] chars = valid.toCharArray();
      for (int flips = random.nextInt(4) + 1; flips > 0; flips--) {
        chars[random.nextInt(chars.length)] = (char) random.nextInt(128);
      }
      String json = new String(chars);
      RawRecord record = RawMetricParser.parse(json);
      if (record instanceof RawRecord.Sample sample) {
        samples++;
        assertThat(sample.name()).as(json).isNotEmpty();
        assertThat(sample.type()).as(json).isNotNull();
        assertThat(sample.timestamp()).as(json).isFinite();
        if (sample.type() != MetricType.SET) {
          assertThat(sample.value()).as(json).isFinite();
        }
      } else {
        rejected++;
        assertThat(record)
            .as(json)
            .isInstanceOfSatisfying(
                RawRecord.Rejected.class, r -> assertThat(r.reason()).matches(REASON));
      }
    }
    // the damage leaves some records usable (a flipped tag, say) and breaks most
    assertThat(samples).isPositive();
    assertThat(rejected).isGreaterThan(samples);
  }
}
