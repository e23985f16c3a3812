package io.chouette.core.dogstatsd.mapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Agent's mapper vectors ({@code pkg/dogstatsd/mapper/mapper_test.go}: TestMappings and
 * TestMappingErrors), written as {@code DOGSTATSD_MAPPER_PROFILES} JSON, plus Go's template rules
 * and the cache. Tags are compared sorted, as the Agent's test does.
 */
class MetricMapperTest {

  /** A name and what it must map to; a null {@code mappedName} means "left alone". */
  record Expect(String metric, String mappedName, List<String> tags) {}

  static Expect mapped(String metric, String name, String... tags) {
    return new Expect(metric, name, List.of(tags));
  }

  static Expect unmapped(String metric) {
    return new Expect(metric, null, List.of());
  }

  static Stream<Arguments> agentScenarios() {
    return Stream.of(
        Arguments.of(
            "Simple OK case",
            """
            [{"name": "test", "prefix": "test.", "mappings": [
              {"match": "test.job.duration.*.*", "name": "test.job.duration",
               "tags": {"job_type": "$1", "job_name": "$2"}},
              {"match": "test.job.size.*.*", "name": "test.job.size",
               "tags": {"foo": "$1", "bar": "$2"}}]}]
            """,
            List.of(
                mapped(
                    "test.job.duration.my_job_type.my_job_name",
                    "test.job.duration",
                    "job_type:my_job_type",
                    "job_name:my_job_name"),
                mapped(
                    "test.job.size.my_job_type.my_job_name",
                    "test.job.size",
                    "foo:my_job_type",
                    "bar:my_job_name"),
                unmapped("test.job.size.not_match"))),
        Arguments.of(
            "Not/Partially mapped are accepted",
            """
            [{"name": "test", "prefix": "test.", "mappings": [
              {"match": "test.job.duration.*.*", "name": "test.job.duration",
               "tags": {"job_type": "$1"}},
              {"match": "test.task.duration.*.*", "name": "test.task.duration"}]}]
            """,
            List.of(
                mapped(
                    "test.job.duration.my_job_type.my_job_name",
                    "test.job.duration",
                    "job_type:my_job_type"),
                mapped("test.task.duration.my_job_type.my_job_name", "test.task.duration"))),
        Arguments.of(
            "Use regex expansion alternative syntax",
            """
            [{"name": "test", "prefix": "test.", "mappings": [
              {"match": "test.job.duration.*.*", "name": "test.job.duration",
               "tags": {"job_type": "${1}_x", "job_name": "${2}_y"}}]}]
            """,
            List.of(
                mapped(
                    "test.job.duration.my_job_type.my_job_name",
                    "test.job.duration",
                    "job_type:my_job_type_x",
                    "job_name:my_job_name_y"))),
        Arguments.of(
            "Expand name",
            """
            [{"name": "test", "prefix": "test.", "mappings": [
              {"match": "test.job.duration.*.*", "name": "test.hello.$2.$1",
               "tags": {"job_type": "$1", "job_name": "$2"}}]}]
            """,
            List.of(
                mapped(
                    "test.job.duration.my_job_type.my_job_name",
                    "test.hello.my_job_name.my_job_type",
                    "job_type:my_job_type",
                    "job_name:my_job_name"))),
        Arguments.of(
            "Match before underscore",
            """
            [{"name": "test", "prefix": "test.", "mappings": [
              {"match": "test.*_start", "name": "test.start", "tags": {"job": "$1"}}]}]
            """,
            List.of(mapped("test.my_job_start", "test.start", "job:my_job"))),
        Arguments.of(
            "No tags",
            """
            [{"name": "test", "prefix": "test.", "mappings": [
              {"match": "test.my-worker.start", "name": "test.worker.start"},
              {"match": "test.my-worker.stop.*", "name": "test.worker.stop"}]}]
            """,
            List.of(
                mapped("test.my-worker.start", "test.worker.start"),
                mapped("test.my-worker.stop.worker-name", "test.worker.stop"))),
        Arguments.of(
            "All allowed characters",
            """
            [{"name": "test", "prefix": "test.", "mappings": [
              {"match": "test.abcdefghijklmnopqrstuvwxyz_ABCDEFGHIJKLMNOPQRSTUVWXYZ-01234567.*",
               "name": "test.alphabet"}]}]
            """,
            List.of(
                mapped(
                    "test.abcdefghijklmnopqrstuvwxyz_ABCDEFGHIJKLMNOPQRSTUVWXYZ-01234567.123",
                    "test.alphabet"))),
        Arguments.of(
            "Regex match type",
            """
            [{"name": "test", "prefix": "test.", "mappings": [
              {"match": "test\\\\.job\\\\.duration\\\\.(.*)", "match_type": "regex",
               "name": "test.job.duration", "tags": {"job_name": "$1"}},
              {"match": "test\\\\.task\\\\.duration\\\\.(.*)", "match_type": "regex",
               "name": "test.task.duration", "tags": {"task_name": "$1"}}]}]
            """,
            List.of(
                mapped(
                    "test.job.duration.my.funky.job$name-abc/123",
                    "test.job.duration",
                    "job_name:my.funky.job$name-abc/123"),
                mapped(
                    "test.task.duration.MY_task_name",
                    "test.task.duration",
                    "task_name:MY_task_name"))),
        Arguments.of(
            "Complex Regex match type",
            """
            [{"name": "test", "prefix": "test.", "mappings": [
              {"match": "test\\\\.job\\\\.([a-z][0-9]-\\\\w+)\\\\.(.*)", "match_type": "regex",
               "name": "test.job", "tags": {"job_type": "$1", "job_name": "$2"}}]}]
            """,
            List.of(
                mapped("test.job.a5-foo.bar", "test.job", "job_type:a5-foo", "job_name:bar"),
                unmapped("test.job.foo.bar-not-match"))),
        Arguments.of(
            "Profile and prefix",
            """
            [{"name": "test", "prefix": "foo.", "mappings": [
               {"match": "foo.duration.*", "name": "foo.duration", "tags": {"name": "$1"}}]},
             {"name": "test", "prefix": "bar.", "mappings": [
               {"match": "bar.count.*", "name": "bar.count", "tags": {"name": "$1"}},
               {"match": "foo.duration2.*", "name": "foo.duration2", "tags": {"name": "$1"}}]}]
            """,
            List.of(
                mapped("foo.duration.foo_name1", "foo.duration", "name:foo_name1"),
                unmapped("foo.duration2.foo_name1"), // its rule is in the other profile
                mapped("bar.count.bar_name1", "bar.count", "name:bar_name1"),
                unmapped("z.not.mapped"))),
        Arguments.of(
            "Wildcard prefix",
            """
            [{"name": "test", "prefix": "*", "mappings": [
               {"match": "foo.duration.*", "name": "foo.duration", "tags": {"name": "$1"}}]}]
            """,
            List.of(mapped("foo.duration.foo_name1", "foo.duration", "name:foo_name1"))),
        Arguments.of(
            "Wildcard prefix order",
            """
            [{"name": "test", "prefix": "*", "mappings": [
               {"match": "foo.duration.*", "name": "foo.duration", "tags": {"name1": "$1"}}]},
             {"name": "test", "prefix": "*", "mappings": [
               {"match": "foo.duration.*", "name": "foo.duration", "tags": {"name2": "$1"}}]}]
            """,
            List.of(mapped("foo.duration.foo_name", "foo.duration", "name1:foo_name"))),
        Arguments.of(
            "Multiple profiles order",
            """
            [{"name": "test", "prefix": "foo.", "mappings": [
               {"match": "foo.*.duration.*", "name": "foo.bar1.duration",
                "tags": {"bar": "$1", "foo": "$2"}}]},
             {"name": "test", "prefix": "foo.bar.", "mappings": [
               {"match": "foo.bar.duration.*", "name": "foo.bar2.duration",
                "tags": {"foo_bar": "$1"}}]}]
            """,
            List.of(
                mapped(
                    "foo.bar.duration.foo_name", "foo.bar1.duration", "bar:bar", "foo:foo_name"))),
        // Beyond the Agent's table: order of rules inside a profile, the whole-name anchoring,
        // an empty wildcard part, named groups and Go's template edge cases.
        Arguments.of(
            "Only the first profile whose prefix fits is consulted",
            """
            [{"name": "p1", "prefix": "foo.", "mappings": [
               {"match": "foo.count.*", "name": "foo.count", "tags": {"name": "$1"}}]},
             {"name": "p2", "prefix": "*", "mappings": [
               {"match": "foo.duration.*", "name": "foo.duration", "tags": {"name": "$1"}},
               {"match": "bar.duration.*", "name": "bar.duration", "tags": {"name": "$1"}}]}]
            """,
            List.of(
                unmapped("foo.duration.x"),
                mapped("foo.count.x", "foo.count", "name:x"),
                mapped("bar.duration.y", "bar.duration", "name:y"))),
        Arguments.of(
            "First matching rule wins",
            """
            [{"name": "p", "prefix": "order.", "mappings": [
               {"match": "order.*.*", "name": "testa", "tags": {"label": "${1}_foo"}},
               {"match": "order.*.bbb", "name": "testb", "tags": {"label": "${1}_foo"}}]}]
            """,
            List.of(mapped("order.good.bbb", "testa", "label:good_foo"))),
        Arguments.of(
            "Wildcards match one whole dot-free part, possibly empty",
            """
            [{"name": "p", "prefix": "a.", "mappings": [
               {"match": "a.*.c", "name": "abc", "tags": {"b": "$1"}}]}]
            """,
            List.of(
                mapped("a..c", "abc", "b:"),
                unmapped("a.b.b.c"),
                unmapped("a.b.c.d"),
                unmapped("xa.b.c"))),
        Arguments.of(
            "Named groups, Go template rules",
            """
            [{"name": "p", "prefix": "api.", "mappings": [
               {"match": "api\\\\.(?P<region>[^.]+)\\\\.(?P<code>\\\\d+)", "match_type": "regex",
                "name": "api.$$latency",
                "tags": {"region": "${region}", "code": "$code", "glued": "$1_x",
                         "braced": "${1}_x", "bad": "$", "whole": "$0", "missing": "${9}",
                         "leading_zero": "$01"}}]}]
            """,
            List.of(
                mapped(
                    "api.eu.200",
                    "api.$latency",
                    "region:eu",
                    "code:200",
                    "glued:",
                    "braced:eu_x",
                    "bad:$",
                    "whole:api.eu.200",
                    "missing:",
                    "leading_zero:"),
                unmapped("api.eu.2x"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("agentScenarios")
  void mapsAsTheAgent(String scenario, String profiles, List<Expect> expected) {
    MetricMapper mapper = MetricMapper.compile(MappingProfiles.parse(profiles), 1000);
    for (Expect expect : expected) {
      Optional<MapResult> result = mapper.map(expect.metric());
      if (expect.mappedName() == null) {
        assertThat(result).as(expect.metric()).isEmpty();
      } else {
        assertThat(result).as(expect.metric()).isPresent();
        assertThat(result.get().name()).as(expect.metric()).isEqualTo(expect.mappedName());
        assertThat(sorted(result.get().tags()))
            .as(expect.metric())
            .isEqualTo(sorted(expect.tags()));
      }
    }
  }

  private static List<String> sorted(List<String> tags) {
    List<String> copy = new ArrayList<>(tags);
    copy.sort(null);
    return copy;
  }

  static Stream<Arguments> agentErrors() {
    return Stream.of(
        Arguments.of(
            "Empty name",
            """
            [{"name": "test", "prefix": "test.", "mappings": [
              {"match": "test.job.duration.*.*", "name": "", "tags": {"job_type": "$1"}}]}]
            """,
            "name is required"),
        Arguments.of(
            "Missing name",
            """
            [{"name": "test", "prefix": "test.", "mappings": [
              {"match": "test.job.duration.*.*", "tags": {"job_type": "$1"}}]}]
            """,
            "name is required"),
        Arguments.of(
            "Missing match",
            """
            [{"name": "test", "prefix": "test.", "mappings": [
              {"name": "test.job.duration", "tags": {"job_type": "$1"}}]}]
            """,
            "match is required"),
        Arguments.of(
            "Invalid match regex []",
            """
            [{"name": "test", "prefix": "test.", "mappings": [
              {"match": "test.[]duration.*.*", "name": "test.job.duration"}]}]
            """,
            "it does not match allowed match regex"),
        Arguments.of(
            "Invalid match regex ^",
            """
            [{"name": "test", "prefix": "test.", "mappings": [
              {"match": "^test.invalid.duration.*.*", "name": "test.job.duration"}]}]
            """,
            "it does not match allowed match regex"),
        Arguments.of(
            "Consecutive *",
            """
            [{"name": "test", "prefix": "test.", "mappings": [
              {"match": "test.invalid.duration.**", "name": "test.job.duration"}]}]
            """,
            "it should not contain consecutive `*`"),
        Arguments.of(
            "Invalid match type",
            """
            [{"name": "test", "prefix": "test.", "mappings": [
              {"match": "test.invalid.duration", "match_type": "invalid",
               "name": "test.job.duration"}]}]
            """,
            "invalid match type"),
        Arguments.of(
            "Missing profile name",
            """
            [{"prefix": "test.", "mappings": [
              {"match": "test.invalid.duration", "match_type": "invalid",
               "name": "test.job.duration"}]}]
            """,
            "missing profile name"),
        Arguments.of(
            "Missing profile prefix",
            """
            [{"name": "test", "mappings": [
              {"match": "test.invalid.duration", "match_type": "invalid",
               "name": "test.job.duration"}]}]
            """,
            "missing prefix for profile"),
        Arguments.of(
            "Uncompilable regex",
            """
            [{"name": "test", "prefix": "test.", "mappings": [
              {"match": "test\\\\.(unclosed", "match_type": "regex", "name": "x"}]}]
            """,
            "cannot compile regex"),
        Arguments.of(
            "Look-ahead is not RE2, as in Go",
            """
            [{"name": "test", "prefix": "test.", "mappings": [
              {"match": "test(?=x)", "match_type": "regex", "name": "x"}]}]
            """,
            "cannot compile regex"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("agentErrors")
  void refusesBadProfilesWithTheAgentsMessage(String scenario, String profiles, String error) {
    assertThatThrownBy(() -> MetricMapper.compile(MappingProfiles.parse(profiles), 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(error);
  }

  @Test
  void regexesAreAnchoredAsTheAgentDoesEvenAcrossAnAlternation() {
    MetricMapper mapper =
        MetricMapper.compile(
            MappingProfiles.parse(
                """
                [{"name": "p", "prefix": "*", "mappings": [
                   {"match": "a\\\\.x|b\\\\.y", "match_type": "regex", "name": "ab"}]}]
                """),
            10);
    // "^a\.x|b\.y$": the first branch is anchored at the start only, the second at the end only
    assertThat(mapper.map("a.xtra")).map(MapResult::name).contains("ab");
    assertThat(mapper.map("zb.y")).map(MapResult::name).contains("ab");
    assertThat(mapper.map("za.x")).isEmpty();
  }

  @Test
  void theCacheKeepsHitsAndMissesUpToItsSizeLeastRecentlyUsedFirstOut() {
    MetricMapper mapper =
        MetricMapper.compile(
            MappingProfiles.parse(
                """
                [{"name": "p", "prefix": "job.", "mappings": [
                   {"match": "job.*", "name": "job", "tags": {"id": "$1"}}]}]
                """),
            3);
    for (String name : Arrays.asList("job.a", "job.b", "job.miss.x")) {
      mapper.map(name);
    }
    assertThat(mapper.cachedNames()).isEqualTo(3); // two hits and one miss
    mapper.map("other.name"); // no profile lets it in: not cached, as in the Agent
    assertThat(mapper.cachedNames()).isEqualTo(3);
    for (int i = 0; i < 100; i++) {
      assertThat(mapper.map("job.n" + i)).map(MapResult::tags).contains(List.of("id:n" + i));
    }
    assertThat(mapper.cachedNames()).isEqualTo(3);
    // a cached result is the same result
    assertThat(mapper.map("job.n99")).isEqualTo(mapper.map("job.n99"));
  }

  @Test
  void aCacheSizeBelowOneIsRefused() {
    assertThatThrownBy(() -> MetricMapper.compile(List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cache size");
  }
}
