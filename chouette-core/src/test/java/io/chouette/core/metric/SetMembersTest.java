package io.chouette.core.metric;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SetMembersTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String member(String json) throws Exception {
    return SetMembers.of(JSON.readTree(json));
  }

  @Test
  void numbersThatPythonCallsEqualAreOneMember() throws Exception {
    assertThat(member("1")).isEqualTo(member("1.0")).isEqualTo(member("true"));
    assertThat(member("0"))
        .isEqualTo(member("0.0"))
        .isEqualTo(member("-0.0"))
        .isEqualTo(member("false"));
    assertThat(member("10")).isEqualTo(member("1e1"));
    assertThat(member("2.5")).isEqualTo(SetMembers.ofNumber(2.5));
  }

  @Test
  void stringsAreNotNumbers() throws Exception {
    assertThat(member("\"1\"")).isNotEqualTo(member("1"));
    assertThat(member("\"a\"")).isEqualTo(SetMembers.ofString("a"));
    assertThat(member("1.5")).isNotEqualTo(member("1"));
  }
}
