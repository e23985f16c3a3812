package io.chouette.core.dogstatsd.mapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JSON form of {@code dogstatsd_mapper_profiles}. */
class MappingProfilesTest {

  @Test
  void readsProfilesRulesAndTagsInTheirOrder() {
    List<MappingProfile> profiles =
        MappingProfiles.parse(
            """
            [{"name": "airflow", "prefix": "airflow.", "mappings": [
               {"match": "airflow.job.duration.*.*", "name": "airflow.job.duration",
                "tags": {"job_type": "$1", "job_name": "$2"}},
               {"match": "airflow\\\\.(.*)", "match_type": "regex", "name": "airflow.other"}]},
             {"name": "empty", "prefix": "*"}]
            """);
    assertThat(profiles).hasSize(2);
    MappingProfile airflow = profiles.get(0);
    assertThat(airflow.name()).isEqualTo("airflow");
    assertThat(airflow.prefix()).isEqualTo("airflow.");
    assertThat(airflow.mappings())
        .containsExactly(
            new MappingProfile.Rule(
                "airflow.job.duration.*.*",
                "",
                "airflow.job.duration",
                Map.of("job_type", "$1", "job_name", "$2")),
            new MappingProfile.Rule("airflow\\.(.*)", "regex", "airflow.other", Map.of()));
    assertThat(airflow.mappings().get(0).tags().keySet()).containsExactly("job_type", "job_name");
    assertThat(profiles.get(1).mappings()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"name\":\"p\"}|expected a JSON list of profiles",
        "[{\"name\":\"p\",|not JSON",
        "[\"p\"]|profile 0: expected a JSON object",
        "[{\"name\":\"p\",\"prefix\":\"p.\",\"mapping\":[]}]|profile 0: unknown key \"mapping\"",
        "[{\"name\":\"p\",\"prefix\":\"p.\",\"mappings\":{}}]|\"mappings\" must be a list",
        "[{\"name\":1,\"prefix\":\"p.\"}]|profile 0: \"name\" must be a string",
        "[{\"name\":\"p\",\"prefix\":\"p.\",\"mappings\":[{\"match\":\"a\",\"name\":\"b\",\"tag\":{}}]}]|profile"
            + " 0, mapping num 0: unknown key \"tag\"",
        "[{\"name\":\"p\",\"prefix\":\"p.\",\"mappings\":[{\"match\":\"a\",\"name\":\"b\",\"tags\":[\"x\"]}]}]|\"tags\""
            + " must be an object",
        "[{\"name\":\"p\",\"prefix\":\"p.\",\"mappings\":[{\"match\":\"a\",\"name\":\"b\",\"tags\":{\"k\":1}}]}]|the"
            + " value of tag \"k\" must be a string",
      })
  void refusesWhatIsNotAProfileListSayingWhere(String json, String error) {
    assertThatThrownBy(() -> MappingProfiles.parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(error);
  }
}
