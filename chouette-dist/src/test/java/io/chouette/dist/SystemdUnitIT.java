package io.chouette.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * chouette.service: systemd's own check, then the settings the package promises. {@code
 * systemd-analyze} is required (.ci/run installs systemd): its "ignoring" warnings for an unknown
 * key or a bad value would otherwise pass unseen, so any output fails the test.
 */
class SystemdUnitIT {

  private static final Path UNIT = Dist.SOURCES.resolve("deb/systemd/chouette.service");

  @TempDir Path temp;

  @Test
  void systemdAnalyzeVerifyAcceptsTheUnitWithoutAWarning() throws Exception {
    Path analyze = Path.of("/usr/bin/systemd-analyze");
    assertThat(Files.isExecutable(analyze))
        .as("systemd-analyze is missing: install systemd (apt-get install systemd), see .ci/run")
        .isTrue();
    // verify checks that ExecStart exists: the launcher of the build's tree stands in for
    // /usr/bin/chouette; every other line is verified as shipped.
    Path execStart = temp.resolve("chouette");
    Files.writeString(execStart, "#!/bin/sh\nexec " + Dist.launcher() + " \"$@\"\n");
    Files.setPosixFilePermissions(execStart, PosixFilePermissions.fromString("rwxr-xr-x"));
    String unit = Files.readString(UNIT);
    assertThat(unit).contains("\nExecStart=/usr/bin/chouette\n");
    Path copy = temp.resolve("chouette.service");
    Files.writeString(copy, unit.replace("ExecStart=/usr/bin/chouette", "ExecStart=" + execStart));

    try (Command verify =
        Command.start(List.of(analyze.toString(), "verify", copy.toString()), temp, Map.of())) {
      assertThat(verify.awaitExit(Duration.ofSeconds(60))).as(verify.output()).isZero();
      assertThat(verify.output()).as("systemd-analyze verify's warnings").isEmpty();
    }
  }

  @Test
  void theUnitRunsTheLauncherAsChouetteWithItsSettingsRestartsOnFailureAndIsConfined()
      throws Exception {
    List<String> lines = Files.readAllLines(UNIT);
    assertThat(lines)
        .contains(
            "EnvironmentFile=/etc/chouette/chouette.env",
            "ExecStart=/usr/bin/chouette",
            "User=chouette",
            "Restart=on-failure",
            "RestartPreventExitStatus=2",
            "NoNewPrivileges=true",
            "ProtectSystem=strict",
            "ReadWritePaths=/var/lib/chouette",
            "PrivateTmp=true",
            "WantedBy=multi-user.target")
        .contains("#SupplementaryGroups=docker");
  }
}
