package io.chouette.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CommandLineTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpListsEveryVariableOfTheConfigurationReference() throws Exception {
    assertThat(CommandLine.run(new String[] {"--help"}, Map.of(), out)).isZero();

    String reference =
        java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "CONFIGURATION.md"));
    Matcher variable = Pattern.compile("^\\| `([A-Z0-9_]+)`", Pattern.MULTILINE).matcher(reference);
    int checked = 0;
    while (variable.find()) {
      assertThat(output()).as("--help mentions " + variable.group(1)).contains(variable.group(1));
      checked++;
    }
    assertThat(checked).isGreaterThan(20);
  }

  @Test
  void versionPrintsTheVersion() {
    assertThat(CommandLine.run(new String[] {"--version"}, Map.of(), out)).isZero();
    assertThat(output()).startsWith("chouette ");
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertThat(CommandLine.run(new String[] {"--frobnicate"}, Map.of(), out))
        .isEqualTo(CommandLine.EXIT_USAGE);
    assertThat(output()).contains("unknown option --frobnicate").contains("--help");
  }
}
