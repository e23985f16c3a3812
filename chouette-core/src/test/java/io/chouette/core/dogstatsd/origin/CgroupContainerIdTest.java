package io.chouette.core.dogstatsd.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Container ids in {@code /proc/<pid>/cgroup} samples of cgroup v1 and v2, docker and containerd.
 */
class CgroupContainerIdTest {

  static final String ID = "3726184226f5d3147c25fdeab5b60097e378e8a720503a5e19ecfdf29f869860";

  @TempDir Path proc;

  static Stream<Arguments> samples() {
    return Stream.of(
        Arguments.of(
            "v1 docker",
            "12:pids:/docker/"
                + ID
                + "\n11:memory:/docker/"
                + ID
                + "\n1:name=systemd:/docker/"
                + ID,
            ID),
        Arguments.of(
            "v1 containerd in kubernetes",
            "11:cpu,cpuacct:/kubepods/burstable/pod2a9d5e6c-5b4c-4d8f-9f55-8ac1d1b0e8a7/"
                + ID
                + "\n0::/",
            ID),
        Arguments.of(
            "v1 docker under systemd", "4:memory:/system.slice/docker-" + ID + ".scope\n", ID),
        Arguments.of("v2 docker under systemd", "0::/system.slice/docker-" + ID + ".scope\n", ID),
        Arguments.of(
            "v2 containerd in kubernetes",
            "0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod2a9d5e6c.slice/"
                + "cri-containerd-"
                + ID
                + ".scope\n",
            ID),
        Arguments.of("v2 in its own cgroup namespace", "0::/\n", null),
        Arguments.of("a host process", "0::/user.slice/user-1000.slice/session-3.scope\n", null),
        Arguments.of("a v1 host process", "12:pids:/user.slice\n1:name=systemd:/init.scope", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void readsTheContainerId(String layout, String cgroup, String expected) {
    assertThat(CgroupContainerId.parse(cgroup)).isEqualTo(Optional.ofNullable(expected));
  }

  @Test
  void readsTheFileOfTheProcessUnderTheProcRoot() throws IOException {
    Files.createDirectories(proc.resolve("4242"));
    Files.writeString(proc.resolve("4242/cgroup"), "0::/system.slice/docker-" + ID + ".scope\n");

    assertThat(CgroupContainerId.of(proc, 4242)).contains(ID);
    assertThat(CgroupContainerId.of(proc, 4243)).isEmpty(); // gone
  }
}
