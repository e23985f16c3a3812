package io.chouette.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/chouette of the build's tree (target/chouette), with the real agent behind it. */
class LauncherIT {

  private static final Duration START = Duration.ofSeconds(30);

  @TempDir Path temp;

  @Test
  void theLauncherIsPortableShell() throws Exception {
    Path shellcheck = Path.of("/usr/bin/shellcheck");
    assertThat(Files.isExecutable(shellcheck))
        .as("shellcheck is missing: apt-get install shellcheck (.ci/run installs it)")
        .isTrue();
    Command.run(Duration.ofSeconds(30), "sh", "-n", Dist.launcher().toString());
    Command.run(
        Duration.ofSeconds(60), shellcheck.toString(), "--shell=sh", Dist.launcher().toString());
  }

  @Test
  void theFlagsOfJvmOptionsReachTheJvmAndSigtermExitsZero() throws Exception {
    List<String> flags = Dist.jvmOptions(Dist.HOME.resolve("conf/jvm.options"));
    assertThat(flags).contains("-Xmx64m", "-XX:+UseSerialGC");

    try (Command agent = startAgent(Map.of())) {
      List<String> cmdline = Dist.cmdline(agent.pid());
      List<String> expected = new ArrayList<>(flags);
      expected.addAll(List.of("-jar", Dist.HOME.resolve("lib/chouette.jar").toString()));
      assertThat(cmdline.subList(1, cmdline.size())).containsExactlyElementsOf(expected);
      assertThat(Path.of(cmdline.get(0)).getFileName()).hasToString("java");

      agent.terminate();
      assertThat(agent.awaitExit(Duration.ofSeconds(15))).as(agent.output()).isZero();
    }
  }

  @Test
  void javaOptsComeAfterTheFileSoTheyWin() throws Exception {
    try (Command agent = startAgent(Map.of("JAVA_OPTS", "-Xmx48m  -Dchouette.launcher=it"))) {
      List<String> cmdline = Dist.cmdline(agent.pid());
      int jar = cmdline.indexOf("-jar");
      assertThat(cmdline.subList(jar - 2, jar))
          .containsExactly("-Xmx48m", "-Dchouette.launcher=it");
      assertThat(cmdline.indexOf("-Xmx64m")).isLessThan(cmdline.indexOf("-Xmx48m"));
      agent.terminate();
      assertThat(agent.awaitExit(Duration.ofSeconds(15))).isZero();
    }
  }

  @Test
  void chouetteJvmOptionsNamesAnotherFileWhoseLinesAreWholeArguments() throws Exception {
    Path options = temp.resolve("small.options");
    Files.writeString(options, "  # comment\n\n-Xmx40m  \n-Dchouette.note=two words\n-Xss256k");
    try (Command agent = startAgent(Map.of("CHOUETTE_JVM_OPTIONS", options.toString()))) {
      List<String> cmdline = Dist.cmdline(agent.pid());
      assertThat(cmdline.subList(1, 4))
          .containsExactly("-Xmx40m", "-Dchouette.note=two words", "-Xss256k");
      assertThat(cmdline).doesNotContain("-Xmx64m");
      agent.terminate();
      assertThat(agent.awaitExit(Duration.ofSeconds(15))).isZero();
    }
  }

  @Test
  void theArgumentsReachTheAgent() throws Exception {
    String out = run(Map.of(), Dist.launcher().toString(), "--version");
    assertThat(out).startsWith("chouette ");
  }

  @Test
  void aSymlinkToTheLauncherFindsTheInstallation() throws Exception {
    Path bin = Files.createDirectories(temp.resolve("usr/bin"));
    Files.createSymbolicLink(bin.resolve("chouette"), Dist.launcher());
    Path relative = Files.createDirectories(temp.resolve("relative"));
    Files.createSymbolicLink(
        relative.resolve("chouette"), relative.relativize(bin.resolve("chouette")));

    assertThat(run(Map.of(), bin.resolve("chouette").toString(), "--version"))
        .startsWith("chouette ");
    assertThat(run(Map.of(), relative.resolve("chouette").toString(), "--version"))
        .startsWith("chouette ");
  }

  @Test
  void aConfigurationErrorExitsTwoThroughTheLauncher() throws Exception {
    Map<String, String> env = new HashMap<>(Dist.memoryAgent(0));
    env.remove("API_KEY");
    try (Command agent = Command.start(List.of(Dist.launcher().toString()), temp, env)) {
      assertThat(agent.awaitExit(START)).as(agent.output()).isEqualTo(2);
      assertThat(agent.output()).contains("API_KEY");
    }
  }

  @Test
  void withoutJavaOnPathTheLauncherSaysSoAndExitsTwo() throws Exception {
    Path bin = Files.createDirectories(temp.resolve("bin"));
    for (String tool : List.of("readlink", "dirname", "sed", "head", "cut")) {
      Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin", tool));
    }
    Outcome launcher = launch(Map.of("PATH", bin.toString()));
    assertThat(launcher.status()).isEqualTo(2);
    assertThat(launcher.output())
        .isEqualTo(
            "chouette: no Java found: install a Java 17+ runtime (openjdk-17-jre-headless) or"
                + " set JAVA_HOME");
  }

  @Test
  void aJavaHomeWithoutJavaIsNamed() throws Exception {
    Outcome launcher = launch(Map.of("JAVA_HOME", temp.toString()));
    assertThat(launcher.status()).isEqualTo(2);
    assertThat(launcher.output())
        .isEqualTo(
            "chouette: JAVA_HOME is " + temp + ", but " + temp + "/bin/java is not an executable");
  }

  /** A Java 8 cannot be installed here: its -version output, word for word, stands in for it. */
  @Test
  void aJavaOlderThan17IsRefused() throws Exception {
    Path java = Files.createDirectories(temp.resolve("jdk8/bin")).resolve("java");
    Files.writeString(
        java,
        "#!/bin/sh\n"
            + "echo 'openjdk version \"1.8.0_402\"' >&2\n"
            + "echo 'OpenJDK Runtime Environment (build 1.8.0_402-b06)' >&2\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Outcome launcher = launch(Map.of("JAVA_HOME", temp.resolve("jdk8").toString()));
    assertThat(launcher.status()).isEqualTo(2);
    assertThat(launcher.output())
        .isEqualTo(
            "chouette: " + java + " is Java 8; Chouette needs Java 17 or later (set JAVA_HOME)");
  }

  @Test
  void anUnreadableOptionsFileIsNamed() throws Exception {
    Path missing = temp.resolve("missing.options");
    Outcome launcher = launch(Map.of("CHOUETTE_JVM_OPTIONS", missing.toString()));
    assertThat(launcher.status()).isEqualTo(2);
    assertThat(launcher.output())
        .isEqualTo("chouette: cannot read the JVM options file " + missing);
  }

  private record Outcome(int status, String output) {}

  private Outcome launch(Map<String, String> env) throws Exception {
    try (Command launcher =
        Command.start(List.of(Dist.launcher().toString(), "--version"), temp, env)) {
      return new Outcome(launcher.awaitExit(Duration.ofSeconds(10)), launcher.output());
    }
  }

  private Command startAgent(Map<String, String> extra) throws Exception {
    Map<String, String> env = new HashMap<>(Dist.memoryAgent(0));
    env.putAll(extra);
    Command agent = Command.start(List.of(Dist.launcher().toString()), temp, env);
    agent.awaitLine(line -> line.contains("Chouette started"), START);
    return agent;
  }

  private String run(Map<String, String> env, String... command) throws Exception {
    try (Command run = Command.start(List.of(command), temp, env)) {
      assertThat(run.awaitExit(Duration.ofSeconds(30))).as(run.output()).isZero();
      return run.output();
    }
  }
}
