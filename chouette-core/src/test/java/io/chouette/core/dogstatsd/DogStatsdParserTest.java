package io.chouette.core.dogstatsd;

import static io.chouette.core.dogstatsd.DogStatsdType.COUNT;
import static io.chouette.core.dogstatsd.DogStatsdType.DISTRIBUTION;
import static io.chouette.core.dogstatsd.DogStatsdType.GAUGE;
import static io.chouette.core.dogstatsd.DogStatsdType.HISTOGRAM;
import static io.chouette.core.dogstatsd.DogStatsdType.SET;
import static io.chouette.core.dogstatsd.DogStatsdType.TIMING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.chouette.core.dogstatsd.DogStatsdLine.Event;
import io.chouette.core.dogstatsd.DogStatsdLine.Invalid;
import io.chouette.core.dogstatsd.DogStatsdLine.Metric;
import io.chouette.core.dogstatsd.DogStatsdLine.ServiceCheck;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule of DOGSTATSD.md §1–§9, one row per case; the section is in each case's name. */
class DogStatsdParserTest {

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("datagrams")
  void parsesDatagramsAsTheAgentDoes(String rule, String datagram, List<DogStatsdLine> expected) {
    assertThat(DogStatsdParser.parse(datagram)).isEqualTo(expected);
  }

  static Stream<Arguments> datagrams() {
    return Stream.of(
        // §1 transport and framing
        arguments(
            "§1.4 lines split on \\n", "a:1|c\nb:2|g", List.of(m("a", COUNT, 1), m("b", GAUGE, 2))),
        arguments("§1.4 trailing newline is normal", "a:1|c\n", List.of(m("a", COUNT, 1))),
        arguments(
            "§1.4 \\r before \\n and at the end dropped",
            "a:1|c\r\nb:2|g\r",
            List.of(m("a", COUNT, 1), m("b", GAUGE, 2))),
        arguments(
            "§1.4 only one \\r dropped",
            "a:1|c\r\r\n",
            List.of(bad(DogStatsdProblem.TYPE, "a:1|c\r"))),
        arguments(
            "§1.4 \\r inside a line stays",
            "a:1|g|#t\rx",
            List.of(mb("a", GAUGE, 1).tags("t\rx").build())),
        arguments("§1.4 empty lines skipped, not errors", "\n\n\r\n\r", List.of()),
        arguments(
            "§1.4 empty line between lines",
            "a:1|c\n\nb:1|c",
            List.of(m("a", COUNT, 1), m("b", COUNT, 1))),
        arguments(
            "§1.5 last line needs no newline",
            "a:1|c\nb:1|c",
            List.of(m("a", COUNT, 1), m("b", COUNT, 1))),
        // §2 classification
        arguments("§2 event", "_e{5,4}:title|text", List.of(new Event("title", "text"))),
        arguments("§2 service check", "_sc|check|0", List.of(new ServiceCheck("check", 0))),
        arguments(
            "§2 _sc prefix is a service check", "_scale:1|g", List.of(badCheck("_scale:1|g"))),
        arguments("§2 _events is a metric", "_events:1|c", List.of(m("_events", COUNT, 1))),
        arguments("§2 _e without { is a metric", "_e:1|c", List.of(m("_e", COUNT, 1))),
        // §3 metric grammar
        arguments("§3 gauge", "daemon:666|g", List.of(m("daemon", GAUGE, 666))),
        arguments("§3 count", "daemon:666|c", List.of(m("daemon", COUNT, 666))),
        arguments("§3 histogram", "daemon:666|h", List.of(m("daemon", HISTOGRAM, 666))),
        arguments("§3 timing", "daemon:666|ms", List.of(m("daemon", TIMING, 666))),
        arguments("§3 distribution", "daemon:666|d", List.of(m("daemon", DISTRIBUTION, 666))),
        arguments("§3 set", "daemon:abc|s", List.of(set("daemon", "abc"))),
        arguments(
            "§3.1 no pipe", "daemon:666", List.of(bad(DogStatsdProblem.NO_PIPE, "daemon:666"))),
        arguments(
            "§3.2 empty name", ":666|g", List.of(bad(DogStatsdProblem.NAME_OR_VALUE, ":666|g"))),
        arguments(
            "§3.2 empty value",
            "daemon:|g",
            List.of(bad(DogStatsdProblem.NAME_OR_VALUE, "daemon:|g"))),
        arguments(
            "§3.2 no colon", "abc666|g", List.of(bad(DogStatsdProblem.NAME_OR_VALUE, "abc666|g"))),
        arguments(
            "§3.3 empty type", "daemon:666|", List.of(bad(DogStatsdProblem.TYPE, "daemon:666|"))),
        arguments(
            "§3.3 unknown type",
            "daemon:666|unknown",
            List.of(bad(DogStatsdProblem.TYPE, "daemon:666|unknown"))),
        arguments(
            "§3.3 type is case-sensitive",
            "daemon:666|G",
            List.of(bad(DogStatsdProblem.TYPE, "daemon:666|G"))),
        arguments(
            "§3.3 type is exact",
            "daemon:666| g",
            List.of(bad(DogStatsdProblem.TYPE, "daemon:666| g"))),
        arguments(
            "§3.3 msx is no type",
            "daemon:666|msx",
            List.of(bad(DogStatsdProblem.TYPE, "daemon:666|msx"))),
        arguments(
            "§3.4 set member keeps its colons",
            "daemon:abc:def|s",
            List.of(set("daemon", "abc:def"))),
        arguments(
            "§3.4 packed values", "daemon:666:777|h", List.of(m("daemon", HISTOGRAM, 666, 777))),
        arguments(
            "§3.4 empty packed items skipped",
            "daemon::666::123::::|c",
            List.of(m("daemon", COUNT, 666, 123))),
        arguments(
            "§3.4 no packed item left",
            "daemon:::|c",
            List.of(bad(DogStatsdProblem.VALUE, "daemon:::|c"))),
        arguments(
            "§3.4 one bad packed item rejects the line",
            "daemon:1:x:3|c",
            List.of(bad(DogStatsdProblem.VALUE, "daemon:1:x:3|c"))),
        arguments(
            "§3.5 fields in any order (1)",
            "daemon:666|g|#a,b|@0.5|T1657100430",
            List.of(mb("daemon", GAUGE, 666).tags("a", "b").rate(0.5).ts(1657100430).build())),
        arguments(
            "§3.5 fields in any order (2)",
            "daemon:666|g|T1657100430|@0.5|#a,b",
            List.of(mb("daemon", GAUGE, 666).tags("a", "b").rate(0.5).ts(1657100430).build())),
        arguments(
            "§3.5 fields in any order (3)",
            "daemon:666|g|@0.5|T1657100430|#a,b",
            List.of(mb("daemon", GAUGE, 666).tags("a", "b").rate(0.5).ts(1657100430).build())),
        arguments(
            "§3.5 last tags win",
            "daemon:666|c|#a|#b",
            List.of(mb("daemon", COUNT, 666).tags("b").build())),
        arguments(
            "§3.5 last rate wins",
            "daemon:666|c|@0.5|@0.25",
            List.of(mb("daemon", COUNT, 666).rate(0.25).build())),
        arguments(
            "§3.5 unknown field ignored", "daemon:666|g|m:test", List.of(m("daemon", GAUGE, 666))),
        arguments("§3.5 trailing pipe ignored", "daemon:666|g|", List.of(m("daemon", GAUGE, 666))),
        arguments(
            "§3.5 empty fields ignored",
            "daemon:666|g||#a||",
            List.of(mb("daemon", GAUGE, 666).tags("a").build())),
        arguments(
            "§3.5 future fields ignored",
            "daemon:666|g|f:x|f2:y|#t",
            List.of(mb("daemon", GAUGE, 666).tags("t").build())),
        arguments(
            "§3.6 rate without number",
            "daemon:666|c|@",
            List.of(bad(DogStatsdProblem.SAMPLE_RATE, "daemon:666|c|@"))),
        arguments(
            "§3.6 rate not a number",
            "daemon:666|c|@abc",
            List.of(bad(DogStatsdProblem.SAMPLE_RATE, "daemon:666|c|@abc"))),
        arguments(
            "§3.6 decision: rate 0 rejected",
            "daemon:666|c|@0",
            List.of(bad(DogStatsdProblem.SAMPLE_RATE, "daemon:666|c|@0"))),
        arguments(
            "§3.6 decision: rate above 1 rejected",
            "daemon:666|c|@2",
            List.of(bad(DogStatsdProblem.SAMPLE_RATE, "daemon:666|c|@2"))),
        arguments(
            "§3.6 decision: negative rate rejected",
            "daemon:666|c|@-1",
            List.of(bad(DogStatsdProblem.SAMPLE_RATE, "daemon:666|c|@-1"))),
        arguments(
            "§3.6 decision: NaN rate rejected",
            "daemon:666|c|@NaN",
            List.of(bad(DogStatsdProblem.SAMPLE_RATE, "daemon:666|c|@NaN"))),
        arguments("§3.6 rate 1 accepted", "daemon:666|c|@1", List.of(m("daemon", COUNT, 666))),
        arguments(
            "§3.6 rate in Go syntax",
            "daemon:666|c|@.5",
            List.of(mb("daemon", COUNT, 666).rate(0.5).build())),
        arguments(
            "§3.6 rate with exponent",
            "daemon:666|c|@1e-1",
            List.of(mb("daemon", COUNT, 666).rate(0.1).build())),
        arguments(
            "§3.6 JDC's six decimals",
            "daemon:666|c|@0.500000",
            List.of(mb("daemon", COUNT, 666).rate(0.5).build())),
        arguments(
            "§3.7 timestamp",
            "daemon:666|g|T1657100430",
            List.of(mb("daemon", GAUGE, 666).ts(1657100430).build())),
        arguments(
            "§3.7 timestamp with + sign",
            "daemon:666|g|T+5",
            List.of(mb("daemon", GAUGE, 666).ts(5).build())),
        arguments(
            "§3.7 timestamp not a number",
            "daemon:666|g|TABCD",
            List.of(bad(DogStatsdProblem.TIMESTAMP, "daemon:666|g|TABCD"))),
        arguments(
            "§3.7 bare T",
            "daemon:666|g|T",
            List.of(bad(DogStatsdProblem.TIMESTAMP, "daemon:666|g|T"))),
        arguments(
            "§3.7 negative timestamp",
            "daemon:666|g|T-1",
            List.of(bad(DogStatsdProblem.TIMESTAMP, "daemon:666|g|T-1"))),
        arguments(
            "§3.7 zero timestamp",
            "daemon:666|g|T0",
            List.of(bad(DogStatsdProblem.TIMESTAMP, "daemon:666|g|T0"))),
        arguments(
            "§3.7 timestamp out of int64",
            "daemon:666|g|T9223372036854775808",
            List.of(bad(DogStatsdProblem.TIMESTAMP, "daemon:666|g|T9223372036854775808"))),
        arguments(
            "§3.8 unicode name and tags",
            "♬†øU†øU¥ºuT0♪:666|g|#intitulé:T0µ",
            List.of(mb("♬†øU†øU¥ºuT0♪", GAUGE, 666).tags("intitulé:T0µ").build())),
        arguments("§3.8 any name character", "a b/c#d@e:1|c", List.of(m("a b/c#d@e", COUNT, 1))),
        // §4 numbers
        arguments("§4 plus sign", "a:+5|c", List.of(m("a", COUNT, 5))),
        arguments("§4 no relative gauges: +5 is 5", "a:+5|g", List.of(m("a", GAUGE, 5))),
        arguments("§4 no relative gauges: -2 is -2", "a:-2|g", List.of(m("a", GAUGE, -2))),
        arguments(
            "§4 NaN rejects the line", "a:NaN|g", List.of(bad(DogStatsdProblem.VALUE, "a:NaN|g"))),
        arguments(
            "§4 Inf rejects the line",
            "a:+Inf|g",
            List.of(bad(DogStatsdProblem.VALUE, "a:+Inf|g"))),
        arguments(
            "§4 JDC infinity rejects the line",
            "a:∞|g",
            List.of(bad(DogStatsdProblem.VALUE, "a:∞|g"))),
        arguments(
            "§4 a packed NaN rejects the line",
            "a:1:nan|h",
            List.of(bad(DogStatsdProblem.VALUE, "a:1:nan|h"))),
        arguments(
            "§4 overflow rejects the line",
            "a:1e400|g",
            List.of(bad(DogStatsdProblem.VALUE, "a:1e400|g"))),
        arguments(
            "§4 spaces reject the line", "a: 5|g", List.of(bad(DogStatsdProblem.VALUE, "a: 5|g"))),
        arguments(
            "§4 Java suffix rejects the line",
            "a:1d|g",
            List.of(bad(DogStatsdProblem.VALUE, "a:1d|g"))),
        arguments(
            "§4 decimal comma rejects the line",
            "a:1,5|g",
            List.of(bad(DogStatsdProblem.VALUE, "a:1,5|g"))),
        arguments("§4 underscores", "a:1_000|c", List.of(m("a", COUNT, 1000))),
        arguments("§4 hex float", "a:0x1p-2|g", List.of(m("a", GAUGE, 0.25))),
        // §5 tags
        arguments("§5 # alone: no tags", "a:1|c|#", List.of(m("a", COUNT, 1))),
        arguments(
            "§5 decision: empty tags dropped",
            "a:1|c|#x,,y,",
            List.of(mb("a", COUNT, 1).tags("x", "y").build())),
        arguments(
            "§5 colons in a tag mean nothing",
            "a:1|c|#url:http://h:8080/x",
            List.of(mb("a", COUNT, 1).tags("url:http://h:8080/x").build())),
        arguments(
            "§5 no trimming", "a:1|c|#x, y", List.of(mb("a", COUNT, 1).tags("x", " y").build())),
        arguments(
            "§5 duplicates kept by the parser",
            "a:1|c|#x,x",
            List.of(mb("a", COUNT, 1).tags("x", "x").build())),
        // §6 origin fields
        arguments("§6 c: never an error", "a:1|c|c:abc123", List.of(m("a", COUNT, 1))),
        arguments(
            "§6 c: with ci- and in- never an error",
            "a:1|c|c:ci-abc,in-123",
            List.of(m("a", COUNT, 1))),
        arguments("§6 e: ignored", "a:1|c|e:it-true,cn-x,pu-y", List.of(m("a", COUNT, 1))),
        arguments(
            "§6 card: never an error",
            "a:1|c|card:high|#t",
            List.of(mb("a", COUNT, 1).tags("t").build())),
        arguments(
            "§6 bad origin fields never reject",
            "a:1|c|c:|e:|card:nonsense",
            List.of(m("a", COUNT, 1))),
        // §7 packed lines share fields
        arguments(
            "§7 packed line shares rate, tags, timestamp",
            "a:1:2:3|c|@0.5|#t|T100",
            List.of(mb("a", COUNT, 1, 2, 3).rate(0.5).tags("t").ts(100).build())),
        // §8 events
        arguments(
            "§8 event with every field",
            "_e{5,4}:title|text|d:123|h:host|k:key|p:low|s:src|t:error|#a,b",
            List.of(new Event("title", "text"))),
        arguments(
            "§8 bad optional field keeps the event",
            "_e{5,4}:title|text|p:urgent|d:abc",
            List.of(new Event("title", "text"))),
        arguments("§8 lengths count UTF-8 bytes", "_e{2,3}:é|abc", List.of(new Event("é", "abc"))),
        arguments("§8 title length 0", "_e{0,4}:|text", List.of(badEvent("_e{0,4}:|text"))),
        arguments(
            "§8 negative length", "_e{-1,4}:title|text", List.of(badEvent("_e{-1,4}:title|text"))),
        arguments(
            "§8 negative text length",
            "_e{5,-4}:title|text",
            List.of(badEvent("_e{5,-4}:title|text"))),
        arguments(
            "§8 length not a number",
            "_e{a,4}:title|text",
            List.of(badEvent("_e{a,4}:title|text"))),
        arguments(
            "§8 body shorter than title",
            "_e{9,4}:title|text",
            List.of(badEvent("_e{9,4}:title|text"))),
        arguments(
            "§8 body shorter than text",
            "_e{5,9}:title|text",
            List.of(badEvent("_e{5,9}:title|text"))),
        arguments("§8 short header", "_e{5}:title", List.of(badEvent("_e{5}:title"))),
        arguments("§8 no colon", "_e{5,4}title|text", List.of(badEvent("_e{5,4}title|text"))),
        arguments("§8 no comma", "_e{54}:title|text", List.of(badEvent("_e{54}:title|text"))),
        arguments(
            "§8 service check statuses",
            "_sc|a|1\n_sc|b|2\n_sc|c|3",
            List.of(new ServiceCheck("a", 1), new ServiceCheck("b", 2), new ServiceCheck("c", 3))),
        arguments(
            "§8 service check with fields",
            "_sc|check|0|d:123|h:host|#a|m:msg",
            List.of(new ServiceCheck("check", 0))),
        arguments(
            "§8 bad optional field keeps the check",
            "_sc|check|0|d:abc",
            List.of(new ServiceCheck("check", 0))),
        arguments("§8 status 4", "_sc|check|4", List.of(badCheck("_sc|check|4"))),
        arguments("§8 status 01", "_sc|check|01", List.of(badCheck("_sc|check|01"))),
        arguments("§8 empty status", "_sc|check|", List.of(badCheck("_sc|check|"))),
        arguments("§8 one pipe only", "_sc|check", List.of(badCheck("_sc|check"))),
        arguments("§8 empty name", "_sc||0", List.of(badCheck("_sc||0"))),
        // §9 per-line errors
        arguments(
            "§9 a bad line keeps the rest",
            "a:1|c\nbad\nb:2|c",
            List.of(m("a", COUNT, 1), bad(DogStatsdProblem.NO_PIPE, "bad"), m("b", COUNT, 2))),
        arguments(
            "§9 an empty metric line is skipped",
            "a:1|c\n\nb:2|c",
            List.of(m("a", COUNT, 1), m("b", COUNT, 2))));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("acceptedNumbers")
  void acceptsGoFloatSyntax(String text, double expected) {
    assertThat(GoNumbers.parseFiniteDouble(text)).isEqualTo(expected);
    assertThat(DogStatsdParser.parse("x:" + text + "|g")).containsExactly(m("x", GAUGE, expected));
  }

  static Stream<Arguments> acceptedNumbers() {
    return Stream.of(
        arguments("5", 5.0),
        arguments("+5", 5.0),
        arguments("-0.25", -0.25),
        arguments(".5", 0.5),
        arguments("5.", 5.0),
        arguments("1e3", 1000.0),
        arguments("1.0E10", 1e10),
        arguments("1E+05", 1e5),
        arguments("2.5e-3", 0.0025),
        arguments("1_000", 1000.0),
        arguments("1_000.5", 1000.5),
        arguments("1e1_0", 1e10),
        arguments("0x1p-2", 0.25),
        arguments("0X1P+2", 4.0),
        arguments("0x1.8p1", 3.0),
        arguments("0x_1p0", 1.0),
        arguments("-0x1p-2", -0.25),
        arguments("0.1", 0.1),
        arguments("123.456", 123.456),
        arguments("0.000001", 0.000001),
        arguments("9007199254740993", 9007199254740992.0),
        arguments("123456789012345678901234567890", 1.2345678901234568e29),
        arguments("0.00000000000000000000001", 1e-23),
        arguments("1e-400", 0.0),
        arguments("00012", 12.0));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @MethodSource("rejectedNumbers")
  void rejectsWhatGoRejectsAndNonFiniteValues(String text) {
    assertThat(GoNumbers.parseFiniteDouble(text)).isNaN();
    assertThat(DogStatsdParser.parse("x:" + text + "|g"))
        .containsExactly(bad(DogStatsdProblem.VALUE, "x:" + text + "|g"));
  }

  static Stream<String> rejectedNumbers() {
    return Stream.of(
        " 5",
        "5 ",
        "0x10",
        "0x1",
        "0x1p",
        "1d",
        "1f",
        "1,5",
        "∞",
        "1e400",
        "-1e400",
        "0x1p2000",
        "NaN",
        "nan",
        "Inf",
        "+Inf",
        "-Infinity",
        "infinity",
        "+nan",
        "1__0",
        "_1",
        "1_",
        "1_.5",
        "1._5",
        "1e_5",
        "1e",
        "e5",
        ".",
        "-",
        "+",
        "+-1",
        "1.2.3",
        "0b101",
        "1p5",
        "١");
  }

  @Test
  void parsesTheAgentHistogramExamplePacked() {
    assertThat(DogStatsdParser.parse("h:1:10:4:5:2:2|h"))
        .containsExactly(m("h", HISTOGRAM, 1, 10, 4, 5, 2, 2));
  }

  @Test
  void readsIntegersAsGoParseInt() {
    assertThat(parseInt("123")).isEqualTo(123);
    assertThat(parseInt("+123")).isEqualTo(123);
    assertThat(parseInt("-123")).isEqualTo(-123);
    assertThat(parseInt("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThat(parseInt("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    for (String bad :
        List.of("", "+", "-", "1_0", " 1", "1 ", "0x1", "9223372036854775808", "1.0")) {
      assertThat(parseInt(bad)).as(bad).isEqualTo(GoNumbers.NOT_AN_INTEGER);
    }
  }

  @Test
  void reusesOneParsedLineWithoutLeakingFieldsBetweenLines() {
    ParsedLine out = new ParsedLine();
    byte[] first = "a:1:2:3|c|@0.5|#t|T100".getBytes();
    byte[] second = "b:4|g".getBytes();
    assertThat(DogStatsdParser.parseLine(first, 0, first.length, out))
        .isEqualTo(ParsedLine.Kind.METRIC);
    assertThat(DogStatsdParser.parseLine(second, 0, second.length, out))
        .isEqualTo(ParsedLine.Kind.METRIC);
    assertThat(out.valueCount).isEqualTo(1);
    assertThat(out.sampleRate).isEqualTo(1.0);
    assertThat(out.timestamp).isZero();
    assertThat(out.tagsEnd - out.tagsStart).isZero();
  }

  @Test
  void growsForLongPackedLines() {
    StringBuilder line = new StringBuilder("a:");
    for (int i = 0; i < 1000; i++) {
      line.append(i).append(':');
    }
    line.append("1000|h");
    List<DogStatsdLine> lines = DogStatsdParser.parse(line.toString());
    assertThat(((Metric) lines.get(0)).values()).hasSize(1001).endsWith(999.0, 1000.0);
  }

  private static long parseInt(String text) {
    byte[] b = text.getBytes();
    return GoNumbers.parseInt64(b, 0, b.length);
  }

  // ---- expected values ----

  static final class MetricBuilder {
    private final String name;
    private final DogStatsdType type;
    private final List<Double> values;
    private String member;
    private double rate = 1.0;
    private List<String> tags = List.of();
    private long timestamp;

    MetricBuilder(String name, DogStatsdType type, double... values) {
      this.name = name;
      this.type = type;
      this.values = Arrays.stream(values).boxed().toList();
    }

    MetricBuilder rate(double value) {
      rate = value;
      return this;
    }

    MetricBuilder tags(String... values) {
      tags = List.of(values);
      return this;
    }

    MetricBuilder ts(long value) {
      timestamp = value;
      return this;
    }

    MetricBuilder member(String value) {
      member = value;
      return this;
    }

    Metric build() {
      return new Metric(name, type, values, member, rate, tags, timestamp);
    }
  }

  static MetricBuilder mb(String name, DogStatsdType type, double... values) {
    return new MetricBuilder(name, type, values);
  }

  static Metric m(String name, DogStatsdType type, double... values) {
    return mb(name, type, values).build();
  }

  static Metric set(String name, String member) {
    return new MetricBuilder(name, SET).member(member).build();
  }

  static Invalid bad(DogStatsdProblem problem, String line) {
    return new Invalid(ParsedLine.Kind.METRIC, problem, line);
  }

  static Invalid badEvent(String line) {
    return new Invalid(ParsedLine.Kind.EVENT, DogStatsdProblem.EVENT, line);
  }

  static Invalid badCheck(String line) {
    return new Invalid(ParsedLine.Kind.SERVICE_CHECK, DogStatsdProblem.SERVICE_CHECK, line);
  }
}
