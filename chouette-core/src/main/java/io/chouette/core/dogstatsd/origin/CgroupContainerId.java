package io.chouette.core.dogstatsd.origin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The container of a process, from {@code <proc root>/<pid>/cgroup}: the 64-hex-digit id in the
 * last segment of a cgroup path, as the Agent reads it. Covers cgroup v1 ({@code
 * 4:memory:/docker/<id>}, {@code 11:cpu:/kubepods/burstable/pod<uid>/<id>}) and v2 ({@code
 * 0::/system.slice/docker-<id>.scope}, {@code 0::/kubepods.slice/.../cri-containerd-<id>.scope}),
 * for docker, containerd and CRI-O. A process in its own cgroup namespace sees {@code 0::/}: no id.
 */
public final class CgroupContainerId {

  private static final Pattern CONTAINER_ID =
      Pattern.compile(
          "(?:^|/)(?:docker-|cri-containerd-|crio-|libpod-)?([0-9a-f]{64})(?:\\.scope)?$");

  private CgroupContainerId() {}

  /** The container id of process {@code pid}, empty when not in a container or gone. */
  public static Optional<String> of(Path procRoot, int pid) {
    String cgroup;
    try {
      cgroup =
          Files.readString(
              procRoot.resolve(Integer.toString(pid)).resolve("cgroup"), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return parse(cgroup);
  }

  /** The container id in the text of a {@code cgroup} file, empty when none. */
  public static Optional<String> parse(String cgroup) {
    for (String line : cgroup.split("\n")) {
      // hierarchy-id:controllers:path; the path may itself hold colons
      int first = line.indexOf(':');
      int second = first < 0 ? -1 : line.indexOf(':', first + 1);
      if (second < 0) {
        continue;
      }
      Matcher matcher = CONTAINER_ID.matcher(line.substring(second + 1).trim());
      if (matcher.find()) {
        return Optional.of(matcher.group(1));
      }
    }
    return Optional.empty();
  }
}
