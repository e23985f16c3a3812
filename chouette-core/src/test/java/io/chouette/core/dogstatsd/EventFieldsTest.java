package io.chouette.core.dogstatsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.chouette.core.event.Event;
import io.chouette.core.event.Event.AlertType;
import io.chouette.core.event.Event.Priority;
import io.chouette.core.event.ServiceCheck;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DOGSTATSD.md §8: every field of events and service checks, as the Agent's {@code parse_events.go}
 * and {@code parse_service_checks.go} read them; one row per case.
 */
class EventFieldsTest {

  private static final long ARRIVAL = 1_700_000_100L;

  /** What a line became: an event, a service check, or the rule a malformed one broke. */
  static Object read(String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    ParsedLine parsed = new ParsedLine();
    switch (DogStatsdParser.parseLine(b, 0, b.length, parsed)) {
      case EVENT:
        return EventFields.event(b, b.length, parsed, ARRIVAL);
      case SERVICE_CHECK:
        return EventFields.serviceCheck(b, b.length, parsed, ARRIVAL);
      case INVALID:
        return parsed.problem;
      default:
        return parsed.kind();
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("lines")
  void readsEveryFieldAsTheAgentDoes(String rule, String line, Object expected) {
    assertThat(read(line)).isEqualTo(expected);
  }

  static Stream<Arguments> lines() {
    return Stream.of(
        arguments("event, defaults", "_e{5,4}:title|text", Event.of("title", "text", ARRIVAL)),
        arguments(
            "event, every field",
            "_e{6,4}:deploy|v2 !|d:1700000000|h:pi-7|k:deploys|p:low|s:my apps|t:error"
                + "|#env:prod,app:web",
            new Event(
                "deploy",
                "v2 !",
                1_700_000_000L,
                "pi-7",
                "deploys",
                Priority.LOW,
                "my apps",
                AlertType.ERROR,
                List.of("env:prod", "app:web"))),
        arguments(
            "event, fields in any order",
            "_e{1,1}:a|b|#x|t:success|p:normal|d:5",
            new Event("a", "b", 5, "", "", Priority.NORMAL, "", AlertType.SUCCESS, List.of("x"))),
        arguments(
            "event, alert types",
            "_e{1,1}:a|b|t:warning",
            new Event(
                "a", "b", ARRIVAL, "", "", Priority.NORMAL, "", AlertType.WARNING, List.of())),
        arguments(
            "event, literal \\n is a newline in title and text",
            "_e{8,12}:up\\ndown|line1\\nline2",
            Event.of("up\ndown", "line1\nline2", ARRIVAL)),
        arguments(
            "event, lengths in UTF-8 bytes, text may hold |",
            "_e{2,3}:é|a|b|h:h1",
            new Event(
                "é", "a|b", ARRIVAL, "h1", "", Priority.NORMAL, "", AlertType.INFO, List.of())),
        arguments(
            "event, empty text",
            "_e{5,0}:title||p:low",
            lowPriority(Event.of("title", "", ARRIVAL))),
        arguments(
            "event, last field of a kind wins",
            "_e{1,1}:a|b|h:one|h:two|#x|#y,z",
            new Event(
                "a",
                "b",
                ARRIVAL,
                "two",
                "",
                Priority.NORMAL,
                "",
                AlertType.INFO,
                List.of("y", "z"))),
        arguments(
            "event, bad optional fields ignored, the event kept",
            "_e{1,1}:a|b|p:urgent|t:fatal|d:abc|d:-5|d:0",
            Event.of("a", "b", ARRIVAL)),
        arguments(
            "event, origin and unknown fields ignored",
            "_e{1,1}:a|b|c:ci-123|e:it-false|card:high|x:y|",
            Event.of("a", "b", ARRIVAL)),
        arguments("event, title length 0", "_e{0,4}:|text", DogStatsdProblem.EVENT),
        arguments("event, body shorter than lengths", "_e{5,9}:title|text", DogStatsdProblem.EVENT),
        arguments("event, no colon", "_e{5,4}title|text", DogStatsdProblem.EVENT),
        arguments("event, lengths not numbers", "_e{a,4}:title|text", DogStatsdProblem.EVENT),
        arguments(
            "service check, defaults",
            "_sc|app.db|2",
            new ServiceCheck("app.db", 2, ARRIVAL, "", "", List.of())),
        arguments(
            "service check, every field",
            "_sc|app.db|1|d:1700000000|h:pi-7|#env:prod,db:main|m:slow answers",
            new ServiceCheck(
                "app.db",
                1,
                1_700_000_000L,
                "pi-7",
                "slow answers",
                List.of("env:prod", "db:main"))),
        arguments(
            "service check, m: ends at the next | as in the Agent",
            "_sc|c|0|m:a|b|#t",
            new ServiceCheck("c", 0, ARRIVAL, "", "a", List.of("t"))),
        arguments(
            "service check, message keeps escapes",
            "_sc|c|3|m:line\\nnext",
            new ServiceCheck("c", 3, ARRIVAL, "", "line\\nnext", List.of())),
        arguments(
            "service check, bad timestamp ignored",
            "_sc|c|0|d:soon",
            new ServiceCheck("c", 0, ARRIVAL, "", "", List.of())),
        arguments("service check, status 4", "_sc|c|4", DogStatsdProblem.SERVICE_CHECK),
        arguments("service check, status 01", "_sc|c|01", DogStatsdProblem.SERVICE_CHECK),
        arguments("service check, empty status", "_sc|c||m:x", DogStatsdProblem.SERVICE_CHECK),
        arguments("service check, empty name", "_sc||0", DogStatsdProblem.SERVICE_CHECK),
        arguments("service check, one pipe only", "_sc|c", DogStatsdProblem.SERVICE_CHECK));
  }

  private static Event lowPriority(Event event) {
    return new Event(
        event.title(),
        event.text(),
        event.timestamp(),
        event.host(),
        event.aggregationKey(),
        Priority.LOW,
        event.sourceType(),
        event.alertType(),
        event.tags());
  }
}
