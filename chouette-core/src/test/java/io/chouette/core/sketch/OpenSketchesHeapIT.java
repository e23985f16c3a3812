package io.chouette.core.sketch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Open sketches fit a small device's heap: 4,000 of them (two buckets of 2,000 distribution
 * contexts), each past its first merge, stay reachable in a JVM limited to 32 MiB of heap. Work
 * arrays kept per open sketch instead of per thread need about 27 KiB a sketch and run out of it.
 */
class OpenSketchesHeapIT {

  static final int SKETCHES = 4_000;

  @Test
  void fourThousandOpenSketchesFitIn32MibOfHeap(@TempDir Path dir) throws Exception {
    Path output = dir.resolve("sketches.log");
    Process run =
        new ProcessBuilder(
                List.of(
                    Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx32m",
                    "-XX:+UseSerialGC",
                    "-XX:+ExitOnOutOfMemoryError",
                    "-cp",
                    System.getProperty("java.class.path"),
                    OpenSketchesHeapIT.class.getName()))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();

    boolean ended = run.waitFor(2, TimeUnit.MINUTES);
    if (!ended) {
      run.destroyForcibly();
    }
    String log = Files.exists(output) ? Files.readString(output) : "";
    assertThat(ended).as("the run ended; its output:%n%s", log).isTrue();
    assertThat(run.exitValue()).as("exit status; output:%n%s", log).isZero();
    assertThat(log).doesNotContain("OutOfMemoryError").contains("open sketches: " + SKETCHES);
  }

  /** Opens the sketches, keeps them, and prints how many are open and their total count. */
  public static void main(String[] args) throws IOException {
    Random random = new Random(42);
    List<SketchBuilder> open = new ArrayList<>();
    long samples = 0;
    for (int i = 0; i < SKETCHES; i++) {
      SketchBuilder sketch = new SketchBuilder();
      // log-normal milliseconds, as request latencies: a few hundred distinct keys
      for (int s = 0; s < SketchBuilder.BUFFER_SIZE + 100; s++) {
        sketch.insert(Math.exp(3 + random.nextGaussian()));
      }
      samples += sketch.count();
      open.add(sketch);
    }
    System.out.println("open sketches: " + open.size() + ", samples: " + samples);
  }
}
