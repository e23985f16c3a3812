package io.chouette.core.dogstatsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The origin fields of protocol v1.2–v1.6 as the parser reads them (DOGSTATSD.md §6). */
class MessageCardinalityTest {

  private static ParsedLine parse(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    ParsedLine line = new ParsedLine();
    DogStatsdParser.parseLine(b, 0, b.length, line);
    return line;
  }

  @ParameterizedTest
  @CsvSource({
    "a:1|c|card:none, NONE",
    "a:1|c|card:low, LOW",
    "a:1|c|card:orchestrator, ORCHESTRATOR",
    "a:1|c|card:HIGH, HIGH",
    "a:1|c|card:high|card:low, LOW",
    "a:1|c|#t|card:High|c:abc|e:it-false, HIGH",
    "a:1|c|card:higher, ",
    "a:1|c|card:, ",
    "a:1|c|cardinality:high, ",
    "a:1|c|c:card:high, ",
    "a:1|c, "
  })
  void aMetricsCardinalityField(String text, MessageCardinality expected) {
    ParsedLine line = parse(text);
    assertThat(line.kind()).isEqualTo(ParsedLine.Kind.METRIC);
    assertThat(line.cardinality).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "a:1|c|c:in-4026531835, in-4026531835",
    "a:1|c|c:ci-abc123|card:low, ci-abc123",
    "'a:1|c|e:it-false,cn-web,pu-0a1b|c:abc', abc"
  })
  void aMetricsContainerFieldIsKeptWhateverItsForm(String text, String container) {
    ParsedLine parsed = parse(text);
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    assertThat(new String(b, parsed.containerStart, parsed.containerEnd - parsed.containerStart))
        .isEqualTo(container);
  }

  @ParameterizedTest
  @CsvSource({
    "'_e{1,1}:a|b|card:high|c:abc', HIGH",
    "_sc|check|0|c:abc|card:none|#t, NONE",
    "_sc|check|0|m:card:high, "
  })
  void eventAndServiceCheckCardinalityFields(String text, MessageCardinality expected) {
    ParsedLine line = parse(text);
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    if (line.kind() == ParsedLine.Kind.EVENT) {
      EventFields.event(b, b.length, line, 1);
    } else {
      EventFields.serviceCheck(b, b.length, line, 1);
    }
    assertThat(line.cardinality).isEqualTo(expected);
  }
}
