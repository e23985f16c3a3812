package io.chouette.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.bench.AggregationBacklogBenchmark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long outage's backlog in the embedded store: 1,000,000 raw records in the {@code memory} engine
 * aggregated by the real actor in a JVM limited to a 64 MiB heap. Memory, not speed, is checked
 * here; the figures are in docs/PERFORMANCE.md.
 */
class MemoryBacklogHeapIT {
  private static final Pattern AGGREGATED =
      Pattern.compile("memory: 1,000,000 raw records aggregated into ([\\d,]+) series");

  @Test
  void aMillionRawRecordsAreAggregatedInA64MibHeap(@TempDir Path dir) throws Exception {
    Path output = dir.resolve("backlog.log");
    Process backlog =
        new ProcessBuilder(
                List.of(
                    Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m",
                    "-XX:+UseSerialGC",
                    "-XX:+ExitOnOutOfMemoryError",
                    "-cp",
                    System.getProperty("java.class.path"),
                    AggregationBacklogBenchmark.class.getName(),
                    "1000000"))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();

    boolean ended = backlog.waitFor(5, TimeUnit.MINUTES);
    if (!ended) {
      backlog.destroyForcibly();
    }
    String log = read(output);
    assertThat(ended).as("the backlog run ended; its output:%n%s", log).isTrue();
    assertThat(backlog.exitValue()).as("exit status; output:%n%s", log).isZero();
    assertThat(log).doesNotContain("OutOfMemoryError").contains("heap: max ");
    Matcher aggregated = AGGREGATED.matcher(log);
    assertThat(aggregated.find()).as("the run's summary in:%n%s", log).isTrue();
    // 99 contexts over 360 ten-second buckets, a histogram sending 5 series per context.
    assertThat(Integer.parseInt(aggregated.group(1).replace(",", ""))).isGreaterThan(20_000);
  }

  private static String read(Path output) throws IOException {
    return Files.exists(output) ? Files.readString(output) : "";
  }
}
