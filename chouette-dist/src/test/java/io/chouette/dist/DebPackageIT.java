package io.chouette.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb: lintian, its control fields and contents, then installed into a throwaway root with
 * {@code dpkg --root --force-script-chrootless}: the maintainer scripts run against that root
 * ({@code $DPKG_ROOT}), so the user, the data directory and the purge are checked without touching
 * this machine.
 */
class DebPackageIT {

  private static final Duration DPKG = Duration.ofSeconds(120);

  @TempDir Path root;

  @Test
  void lintianReportsNoError() throws Exception {
    Path lintian = Path.of("/usr/bin/lintian");
    assertThat(Files.isExecutable(lintian))
        .as("lintian is missing: apt-get install lintian (.ci/run installs it)")
        .isTrue();
    try (Command check =
        Command.start(
            List.of(
                lintian.toString(),
                "--allow-root",
                "--no-tag-display-limit",
                Dist.deb().toString()),
            root,
            Map.of())) {
      int status = check.awaitExit(Duration.ofSeconds(300));
      assertThat(check.output().lines().filter(line -> line.startsWith("E: ")))
          .as("lintian's errors; all its output:\n%s", check.output())
          .isEmpty();
      assertThat(status).as(check.output()).isZero();
    }
  }

  @Test
  void controlFieldsDeclareAnArchitectureIndependentPackageNeedingJava17() throws Exception {
    String deb = Dist.deb().toString();
    assertThat(field(deb, "Package")).isEqualTo("chouette");
    assertThat(field(deb, "Architecture")).isEqualTo("all");
    assertThat(field(deb, "Depends"))
        .startsWith("java17-runtime-headless | openjdk-17-jre-headless")
        .contains("adduser");
    assertThat(Command.run(DPKG, "dpkg-deb", "-I", deb, "conffiles").lines())
        .containsExactlyInAnyOrder("/etc/chouette/chouette.env", "/etc/chouette/jvm.options");
  }

  @Test
  void contentsAreTheInstallationTheUnitTheSettingsAndTheDebianDocs() throws Exception {
    String listing = Command.run(DPKG, "dpkg-deb", "-c", Dist.deb().toString());
    assertThat(listing)
        .containsPattern("-rwxr-xr-x .* \\./usr/share/chouette/bin/chouette\n")
        .containsPattern("-rw-r--r-- .* \\./usr/share/chouette/lib/chouette.jar\n")
        .contains("./usr/share/chouette/conf -> /etc/chouette\n")
        .contains("./usr/bin/chouette -> ../share/chouette/bin/chouette\n")
        .contains("./etc/chouette/chouette.env\n", "./etc/chouette/jvm.options\n")
        .contains("./lib/systemd/system/chouette.service\n")
        .contains("./usr/share/doc/chouette/copyright\n", "./usr/share/doc/chouette/changelog.gz");
  }

  @Test
  void installedItCreatesTheUserAndDataDirectoryRunsAndPurgingRemovesThem() throws Exception {
    prepareRoot();
    dpkg("--force-depends", "-i", Dist.deb().toString());

    String passwd = Files.readString(root.resolve("etc/passwd"));
    assertThat(passwd)
        .containsPattern("(?m)^chouette:x:\\d+:\\d+::/var/lib/chouette:/usr/sbin/nologin$");
    int uid =
        Integer.parseInt(
            passwd
                .lines()
                .filter(l -> l.startsWith("chouette:"))
                .findFirst()
                .orElseThrow()
                .split(":")[2]);
    Path data = root.resolve("var/lib/chouette");
    assertThat(Files.getAttribute(data, "unix:uid")).isEqualTo(uid);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
        .isEqualTo("rwxr-x---");
    Path env = root.resolve("etc/chouette/chouette.env");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env)))
        .isEqualTo("rw-r-----");

    Path launcher = root.resolve("usr/bin/chouette");
    assertThat(Files.isSymbolicLink(launcher)).isTrue();
    // conf is a symlink to /etc/chouette of the real root: the installed file is named instead.
    try (Command version =
        Command.start(
            List.of(launcher.toString(), "--version"),
            root,
            Map.of("CHOUETTE_JVM_OPTIONS", root.resolve("etc/chouette/jvm.options").toString()))) {
      assertThat(version.awaitExit(Duration.ofSeconds(30))).as(version.output()).isZero();
      assertThat(version.output()).startsWith("chouette ");
    }

    dpkg("--remove", "chouette");
    assertThat(Files.exists(root.resolve("usr/share/chouette/lib/chouette.jar"))).isFalse();
    assertThat(env).as("conffiles stay until purge").exists();
    assertThat(Files.readString(root.resolve("etc/passwd"))).contains("chouette:");

    dpkg("--purge", "chouette");
    assertThat(Files.readString(root.resolve("etc/passwd"))).doesNotContain("chouette:");
    assertThat(Files.readString(root.resolve("etc/group"))).doesNotContain("chouette:");
    assertThat(Files.exists(data, LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(Files.exists(env)).isFalse();
  }

  /** An empty dpkg database and the account files useradd edits. */
  private void prepareRoot() throws Exception {
    Files.createDirectories(root.resolve("var/lib/dpkg/info"));
    Files.createDirectories(root.resolve("var/lib/dpkg/updates"));
    Files.createFile(root.resolve("var/lib/dpkg/status"));
    Files.createFile(root.resolve("var/lib/dpkg/available"));
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
    Files.writeString(root.resolve("etc/shadow"), "");
    Files.writeString(root.resolve("etc/gshadow"), "");
  }

  private void dpkg(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    if (!"root".equals(System.getProperty("user.name"))) {
      command.add("fakeroot");
    }
    command.addAll(
        List.of("dpkg", "--root=" + root, "--force-script-chrootless", "--log=/dev/null"));
    command.addAll(List.of(args));
    Command.run(DPKG, command.toArray(String[]::new));
  }

  private static String field(String deb, String name) throws Exception {
    return Command.run(DPKG, "dpkg-deb", "-f", deb, name).strip();
  }
}
