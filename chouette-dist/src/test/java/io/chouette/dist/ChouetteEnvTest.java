package io.chouette.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * conf/chouette.env lists every variable of {@code chouette --help}, commented, with its default.
 */
class ChouetteEnvTest {

  private static final Path ENV = Dist.SOURCES.resolve("main/conf/chouette.env");
  private static final Pattern HELP_VARIABLE =
      Pattern.compile("^  ([A-Z][A-Z0-9_]+)\\s+(?:.*?\\s)?\\[(.*)]$|^  ([A-Z][A-Z0-9_]+)\\s");
  private static final Pattern ENV_VARIABLE = Pattern.compile("^#?([A-Z][A-Z0-9_]*)=(.*)$");

  @Test
  void everyVariableOfTheHelpIsInChouetteEnv() throws IOException {
    Map<String, String> env = envVariables();
    for (String name : helpVariables().keySet()) {
      assertThat(env)
          .as(
              "%s lists %s in --help but %s has no line for it: add '# <what it is>' and"
                  + " '#%s=<default>'",
              "chouette-app's chouette-help.txt", name, ENV, name)
          .containsKey(name);
    }
  }

  @Test
  void everyVariableOfChouetteEnvIsInTheHelp() throws IOException {
    Map<String, String> help = helpVariables();
    for (String name : envVariables().keySet()) {
      assertThat(help)
          .as("%s sets %s, which --help (chouette-help.txt) does not list", ENV, name)
          .containsKey(name);
    }
  }

  @Test
  void chouetteEnvGivesTheDefaultsOfTheHelp() throws IOException {
    Map<String, String> env = envVariables();
    helpVariables()
        .forEach(
            (name, helpDefault) -> {
              if (isValue(helpDefault) && env.containsKey(name)) {
                assertThat(env.get(name))
                    .as("%s's default in %s against --help", name, ENV)
                    .isEqualTo(helpDefault);
              }
            });
  }

  @Test
  void chouetteEnvSetsNothingUntilEdited() throws IOException {
    List<String> active =
        Files.readAllLines(ENV).stream()
            .filter(line -> ENV_VARIABLE.matcher(line).matches())
            .filter(line -> !line.startsWith("#"))
            .toList();
    assertThat(active).as("uncommented settings in %s", ENV).isEmpty();
  }

  /** The variables of --help with the default in brackets, "" when it shows none. */
  private static Map<String, String> helpVariables() throws IOException {
    Map<String, String> variables = new LinkedHashMap<>();
    for (String line : help().split("\n")) {
      Matcher matcher = HELP_VARIABLE.matcher(line);
      if (matcher.find()) {
        if (matcher.group(1) != null) {
          variables.put(matcher.group(1), matcher.group(2));
        } else {
          variables.put(matcher.group(3), "");
        }
      }
    }
    assertThat(variables).as("variables in --help").containsKeys("API_KEY", "JAVA_OPTS");
    return variables;
  }

  /** The variables of chouette.env with their value, single quotes removed. */
  private static Map<String, String> envVariables() throws IOException {
    Map<String, String> variables = new LinkedHashMap<>();
    for (String line : Files.readAllLines(ENV)) {
      Matcher matcher = ENV_VARIABLE.matcher(line);
      if (matcher.matches()) {
        String value = matcher.group(2);
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
          value = value.substring(1, value.length() - 1);
        }
        variables.put(matcher.group(1), value);
      }
    }
    return variables;
  }

  /** A default that is a value to set, not a remark such as "unset" or "required". */
  private static boolean isValue(String helpDefault) {
    return !helpDefault.isEmpty()
        && !helpDefault.startsWith("unset")
        && !helpDefault.equals("required")
        && !helpDefault.equals("\"\"")
        && !helpDefault.contains(" ");
  }

  private static String help() throws IOException {
    try (InputStream in = ChouetteEnvTest.class.getResourceAsStream("/chouette-help.txt")) {
      assertThat(in).as("chouette-help.txt on the class path (chouette-app)").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
