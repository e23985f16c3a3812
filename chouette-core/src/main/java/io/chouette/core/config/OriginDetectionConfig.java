package io.chouette.core.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * DogStatsD origin detection: tagging each metric with the container that sent it.
 *
 * @param enabled {@code DOGSTATSD_ORIGIN_DETECTION} (default false, as the Agent)
 * @param cardinality {@code DOGSTATSD_TAG_CARDINALITY}: which container tags are added
 * @param procRoot {@code PROC_ROOT}: where the senders' {@code <pid>/cgroup} files are read
 *     (default /proc; a container sees the node's at a mounted path such as /host/proc)
 */
public record OriginDetectionConfig(boolean enabled, Cardinality cardinality, Path procRoot) {

  /** Origin detection off. */
  public static final OriginDetectionConfig OFF =
      new OriginDetectionConfig(false, Cardinality.LOW, Path.of("/proc"));

  /** Which container tags are added, as the Agent's {@code dogstatsd_tag_cardinality}. */
  public enum Cardinality {
    /** {@code image_name}, {@code short_image}, {@code image_tag}, {@code docker_image}. */
    LOW,
    /** The low tags plus {@code container_name} and {@code container_id}. */
    HIGH
  }

  static OriginDetectionConfig read(EnvReader env) {
    boolean enabled = env.bool("DOGSTATSD_ORIGIN_DETECTION", false);
    Cardinality cardinality =
        Cardinality.valueOf(
            env.oneOf("DOGSTATSD_TAG_CARDINALITY", "low", Set.of("low", "high"))
                .toUpperCase(Locale.ROOT));
    String procRoot = env.string("PROC_ROOT", "/proc").trim();
    if (!procRoot.startsWith("/")) {
      env.problem("PROC_ROOT", "an absolute path", procRoot);
      procRoot = "/proc";
    }
    return new OriginDetectionConfig(enabled, cardinality, Path.of(procRoot));
  }
}
