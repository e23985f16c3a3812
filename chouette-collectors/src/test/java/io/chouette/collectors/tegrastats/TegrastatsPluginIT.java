package io.chouette.collectors.tegrastats;

import static io.chouette.collectors.Fixtures.CAPTURE_INTERVAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chouette.collectors.CollectorPluginContractTest;
import io.chouette.core.collect.spi.CollectorPlugin;
import io.chouette.core.config.ConfigException;
import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.testing.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin running real programs: shell scripts that behave like tegrastats, or do not. */
class TegrastatsPluginIT extends CollectorPluginContractTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  @TempDir Path dir;

  /** An executable script; its PID is written to {@code <name>.pid}. */
  private Path script(String name, String body) throws IOException {
    Path script = dir.resolve(name);
    Files.writeString(script, "#!/bin/sh\necho $$ > '" + dir.resolve(name + ".pid") + "'\n" + body);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  /** Prints the fixture line once a second, like tegrastats, and never stops by itself. */
  private Path fakeTegrastats() throws IOException {
    Path line = dir.resolve("tegrastats.txt");
    Files.writeString(line, TegrastatsLineTest.NANO + "\n");
    return script("tegrastats", "while true; do cat '" + line + "'; sleep 1; done\n");
  }

  private static TegrastatsPlugin plugin(Path program, EnumSet<TegrastatsMetric> metrics) {
    return new TegrastatsPlugin(program.toString(), metrics, TIMEOUT, Clock.systemUTC());
  }

  private Optional<ProcessHandle> started(String name) throws IOException {
    long pid = Long.parseLong(Files.readString(dir.resolve(name + ".pid")).trim());
    return ProcessHandle.of(pid);
  }

  @Override
  protected String pluginName() {
    return "tegrastats";
  }

  @Override
  protected CollectorPlugin pluginOnFake() throws IOException {
    return plugin(fakeTegrastats(), EnumSet.allOf(TegrastatsMetric.class));
  }

  @Test
  void readsOneLineAndStopsTheProgram() throws Exception {
    TegrastatsPlugin plugin =
        plugin(fakeTegrastats(), EnumSet.of(TegrastatsMetric.RAM, TegrastatsMetric.TEMP));

    List<WrappedMetric> metrics;
    try (LogCapture log = LogCapture.of(TegrastatsPlugin.class)) {
      metrics = plugin.collect();
      assertThat(log.warnings()).isEmpty();
    }

    assertThat(metrics).hasSize(9).noneMatch(m -> m.tags().contains("zone:PMIC"));
    Optional<ProcessHandle> program = started("tegrastats");
    if (program.isPresent()) {
      program.get().onExit().get(5, TimeUnit.SECONDS);
      assertThat(program.get().isAlive()).isFalse();
    }
  }

  @Test
  void gpuComesFromGr3dFreqWhenListed() throws Exception {
    TegrastatsPlugin plugin =
        (TegrastatsPlugin)
            new TegrastatsPluginProvider()
                .create(
                    Map.of(
                        "TEGRASTATS_PATH",
                        fakeTegrastats().toString(),
                        "TEGRASTATS_METRICS",
                        "[\"gpu\"]"),
                    CAPTURE_INTERVAL);

    assertThat(plugin.collect())
        .singleElement()
        .satisfies(
            gpu -> {
              assertThat(gpu.metric()).isEqualTo("Chouette.tegrastats.gpu.usage");
              assertThat(gpu.value()).isZero();
            });
  }

  @Test
  void missingProgramIsOneWarning() throws Exception {
    try (LogCapture log = LogCapture.of(TegrastatsPlugin.class)) {
      assertThat(plugin(dir.resolve("absent"), EnumSet.allOf(TegrastatsMetric.class)).collect())
          .isEmpty();
      assertThat(log.warnings())
          .singleElement()
          .asString()
          .startsWith("tegrastats: could not run " + dir.resolve("absent"));
    }
  }

  @Test
  void programThatIsNotExecutableIsOneWarning() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.txt"), "RAM 1/2MB\n");
    try (LogCapture log = LogCapture.of(TegrastatsPlugin.class)) {
      assertThat(plugin(text, EnumSet.allOf(TegrastatsMetric.class)).collect()).isEmpty();
      assertThat(log.warnings()).singleElement().asString().contains("could not run", "notes.txt");
    }
  }

  @Test
  void silentProgramIsStoppedAfterTheTimeout() throws Exception {
    Path silent = script("silent", "exec sleep 600\n");
    try (LogCapture log = LogCapture.of(TegrastatsPlugin.class)) {
      long started = System.nanoTime();
      assertThat(plugin(silent, EnumSet.allOf(TegrastatsMetric.class)).collect()).isEmpty();
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(log.warnings())
          .containsExactly("tegrastats: " + silent + " printed no line within 2.0s");
      assertThat(took).isGreaterThanOrEqualTo(TIMEOUT).isLessThan(TIMEOUT.multipliedBy(4));
    }
    Optional<ProcessHandle> program = started("silent");
    if (program.isPresent()) {
      program.get().onExit().get(5, TimeUnit.SECONDS);
      assertThat(program.get().isAlive()).isFalse();
    }
  }

  @Test
  void programThatExitsWithoutOutputOrWithGarbageIsOneWarning() throws Exception {
    Path quiet = script("quiet", "exit 1\n");
    Path chatty = script("chatty", "echo 'Hello world!'\n");
    try (LogCapture log = LogCapture.of(TegrastatsPlugin.class)) {
      assertThat(plugin(quiet, EnumSet.allOf(TegrastatsMetric.class)).collect()).isEmpty();
      assertThat(plugin(chatty, EnumSet.of(TegrastatsMetric.RAM)).collect()).isEmpty();
      assertThat(log.warnings())
          .containsExactly(
              "tegrastats: " + quiet + " exited without printing a line",
              "tegrastats: no [RAM] in the output of " + chatty + ": Hello world!");
    }
  }

  @Test
  void unknownMetricIsAConfigurationError() {
    assertThatThrownBy(
            () ->
                new TegrastatsPluginProvider()
                    .create(Map.of("TEGRASTATS_METRICS", "[\"ram\",\"power\"]"), CAPTURE_INTERVAL))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "TEGRASTATS_METRICS: expected a JSON list of [ram, temp, gpu], found"
                + " \"[\"ram\",\"power\"]\"");
  }
}
