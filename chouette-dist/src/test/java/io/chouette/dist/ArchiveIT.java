package io.chouette.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** chouette-<version>.tar.gz unpacked elsewhere runs from any working directory. */
class ArchiveIT {

  @TempDir Path temp;

  @Test
  void theTarballHoldsTheLauncherTheJarTheSettingsAndTheLicense() throws Exception {
    String listing = Command.run(Duration.ofSeconds(60), "tar", "tzvf", Dist.tarball().toString());
    String top = Dist.tarball().getFileName().toString().replace(".tar.gz", "");
    assertThat(listing)
        .containsPattern("-rwxr-xr-x .* " + top + "/bin/chouette\n")
        .containsPattern("-rw-r--r-- .* " + top + "/lib/chouette.jar\n")
        .containsPattern("-rw-r--r-- .* " + top + "/conf/jvm.options\n")
        .containsPattern("-rw------- .* " + top + "/conf/chouette.env\n")
        .contains(top + "/README.md\n")
        .contains(top + "/LICENSE");
  }

  @Test
  void unpackedItPrintsItsVersionAndRunsTenSecondsFromAnotherDirectory() throws Exception {
    Command.run(
        Duration.ofSeconds(60), "tar", "xzf", Dist.tarball().toString(), "-C", temp.toString());
    String top = Dist.tarball().getFileName().toString().replace(".tar.gz", "");
    Path launcher = temp.resolve(top).resolve("bin/chouette");
    String version = top.substring("chouette-".length());
    Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));

    try (Command run =
        Command.start(List.of(launcher.toString(), "--version"), elsewhere, java.util.Map.of())) {
      assertThat(run.awaitExit(Duration.ofSeconds(30))).as(run.output()).isZero();
      assertThat(run.output()).isEqualTo("chouette " + version);
    }

    int healthPort = Dist.freeTcpPort();
    try (Command agent =
        Command.start(List.of(launcher.toString()), elsewhere, Dist.memoryAgent(healthPort))) {
      agent.awaitLine(line -> line.contains("health endpoint listening"), Duration.ofSeconds(30));
      Thread.sleep(10_000);
      assertThat(agent.isAlive()).as(agent.output()).isTrue();
      HttpResponse<String> live =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + healthPort + "/health/live"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
      assertThat(Dist.cmdline(agent.pid()))
          .contains(temp.resolve(top).resolve("lib/chouette.jar").toRealPath().toString());

      agent.terminate();
      assertThat(agent.awaitExit(Duration.ofSeconds(15))).as(agent.output()).isZero();
    }
  }
}
