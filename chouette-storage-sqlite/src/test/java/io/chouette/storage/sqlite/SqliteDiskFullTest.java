package io.chouette.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk full, for real: a forked JVM whose file size limit (RLIMIT_FSIZE, {@code ulimit -f})
 * stops the database from growing. The store fails with a clear message, keeps every record it
 * acknowledged, and stores again without a restart once the limit is lifted ({@code prlimit}).
 */
class SqliteDiskFullTest {

  @TempDir Path dir;

  @Test
  void aFullDiskFailsClearlyLosesNothingAndRecoversWithoutRestart() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command =
        "ulimit -S -f 2048; exec "
            + java
            + " -Xmx64m -cp '"
            + System.getProperty("java.class.path")
            + "' "
            + FillUntilFull.class.getName()
            + " '"
            + dir
            + "'";
    Process child = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean lifted = false;
      while ((line = out.readLine()) != null) {
        lines.add(line);
        if (line.startsWith("HOLDS") && !lifted) {
          Process prlimit =
              new ProcessBuilder(
                      "prlimit", "--pid", Long.toString(child.pid()), "--fsize=unlimited")
                  .inheritIO()
                  .start();
          assertThat(prlimit.waitFor()).isZero();
          lifted = true;
        }
      }
    } finally {
      if (!child.waitFor(60, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }

    assertThat(child.exitValue()).as(String.join("\n", lines)).isZero();
    String failed = lines.stream().filter(l -> l.startsWith("FAILED")).findFirst().orElseThrow();
    assertThat(failed).contains("storing records failed").containsPattern("SQLITE_(FULL|IOERR)");
    String[] holds = lines.stream().filter(l -> l.startsWith("HOLDS")).findFirst().get().split(" ");
    assertThat(Long.parseLong(holds[1])).isEqualTo(Long.parseLong(holds[3])).isPositive();
    String[] recovered =
        lines.stream().filter(l -> l.startsWith("RECOVERED")).findFirst().orElseThrow().split(" ");
    assertThat(Long.parseLong(recovered[2]))
        .isEqualTo(Long.parseLong(recovered[4]))
        .isEqualTo(Long.parseLong(holds[3]) + 500);
  }
}
