package io.chouette.core.metric;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PythonReprTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"text\"|text",
        "true|True",
        "false|False",
        "null|None",
        "3|3",
        "-7|-7",
        "12345678901234567890|12345678901234567890",
        "3.0|3.0",
        "0.5|0.5",
        "-2.25|-2.25",
        "0.1|0.1",
        "0.0001|0.0001",
        "0.00001|1e-05",
        "1.5e-7|1.5e-07",
        "1e15|1000000000000000.0",
        "1e16|1e+16",
        "1.2345e20|1.2345e+20",
        "123456.789|123456.789",
        "[1, \"a\", true]|[1, 'a', True]",
        "{\"k\": null}|{'k': None}"
      })
  void writesValuesAsPythonsStr(String json, String expected) throws Exception {
    assertThat(PythonRepr.str(JSON.readTree(json))).isEqualTo(expected);
  }
}
