package io.chouette.core.send;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chouette.core.storage.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogsFormatTest {

  final LogsFormat format = new LogsFormat(List.of("env:prod", "site:lab"), "pi-7");

  JsonNode one(String json) {
    var parsed = format.parse(List.of(new StoredRecord("k", json)));
    assertThat(parsed.invalid()).isEmpty();
    return SenderHarness.parse(new String(format.encode(parsed.items()), StandardCharsets.UTF_8))
        .get(0);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "[\"user:1\", \"site:lab\"]    | user:1,site:lab,env:prod",
        "\"user:1,site:lab\"           | user:1,site:lab,env:prod",
        "\" user:1 , ,site:lab \"      | user:1,site:lab,env:prod",
        "[]                            | env:prod,site:lab",
        "\"\"                          | env:prod,site:lab",
        "null                          | env:prod,site:lab",
        "{\"user\": \"1\"}             | user:1,env:prod,site:lab"
      })
  void ddtagsBecomeOneCommaJoinedStringWithTheGlobalTags(String ddtags, String expected) {
    JsonNode log = one("{\"message\": {\"msg\": \"hi\"}, \"ddtags\": " + ddtags + "}");
    assertThat(log.get("ddtags").asText()).isEqualTo(expected);
    assertThat(log.get("host").asText()).isEqualTo("pi-7");
    assertThat(log.get("message").get("msg").asText()).isEqualTo("hi");
  }

  @Test
  void aLogWithoutDdtagsGetsTheGlobalOnes() {
    assertThat(one("{\"message\": \"plain\"}").get("ddtags").asText())
        .isEqualTo("env:prod,site:lab");
  }

  @Test
  void anythingButAJsonObjectIsInvalid() {
    var parsed =
        format.parse(
            List.of(
                new StoredRecord("1", "nope"),
                new StoredRecord("2", "[]"),
                new StoredRecord("3", "42"),
                new StoredRecord("4", "{}")));
    assertThat(parsed.invalid())
        .extracting(PayloadFormat.Invalid::key)
        .containsExactly("1", "2", "3");
    assertThat(parsed.items()).extracting(PayloadFormat.Item::key).containsExactly("4");
  }

  @Test
  void aLogOverTheLimitIsCutInItsLongestTextKeepingItsIdentity() {
    LogsFormat small = new LogsFormat(List.of("env:prod"), "pi-7", 2000);
    String json =
        "{\"date\": \"2024-05-01T12:00:00.000000+00:00\", \"service\": \"app\", \"ddtags\":"
            + " [\"a:b\"], \"message\": {\"msg\": \""
            + "m".repeat(5000)
            + "\", \"detail\": \""
            + "d".repeat(1500)
            + "\"}}";
    var parsed = small.parse(List.of(new StoredRecord("k", json)));
    assertThat(parsed.truncated()).isEqualTo(1);
    byte[] bytes = parsed.items().get(0).value();
    assertThat(bytes.length).isLessThanOrEqualTo(2000);
    JsonNode log = SenderHarness.parse(new String(bytes, StandardCharsets.UTF_8));
    assertThat(log.get("date").asText()).isEqualTo("2024-05-01T12:00:00.000000+00:00");
    assertThat(log.get("ddtags").asText()).isEqualTo("a:b,env:prod");
    assertThat(log.get("message").get("msg").asText()).endsWith(LogsFormat.TRUNCATION_MARK);
  }

  @Test
  void aLogMadeOfManySmallValuesFallsBackToItsSkeleton() {
    StringBuilder numbers = new StringBuilder("[0");
    for (int i = 1; i < 2000; i++) {
      numbers.append(',').append(i);
    }
    numbers.append(']');
    ObjectNode log =
        (ObjectNode)
            SenderHarness.parse(
                "{\"date\": \"d\", \"level\": \"ERROR\", \"message\": {\"values\": "
                    + numbers
                    + "}}");
    byte[] bytes = LogsFormat.truncate(log, 1000);
    assertThat(bytes.length).isLessThanOrEqualTo(1000);
    JsonNode cut = SenderHarness.parse(new String(bytes, StandardCharsets.UTF_8));
    assertThat(cut.get("level").asText()).isEqualTo("ERROR");
    assertThat(cut.get("message").asText())
        .startsWith("{\"values\":[0,1,2")
        .endsWith(LogsFormat.TRUNCATION_MARK);
  }

  @Test
  void cutsNeverSplitASurrogatePair() {
    String emoji = "\uD83E\uDD89"; // an owl, two UTF-16 units
    ObjectNode log =
        (ObjectNode) SenderHarness.parse("{\"message\": \"" + emoji.repeat(1000) + "\"}");
    byte[] bytes = LogsFormat.truncate(log, 600);
    String text =
        SenderHarness.parse(new String(bytes, StandardCharsets.UTF_8)).get("message").asText();
    String kept = text.substring(0, text.length() - LogsFormat.TRUNCATION_MARK.length());
    assertThat(kept.length() % 2).isZero();
    assertThat(kept).matches("(\uD83E\uDD89)*");
  }
}
