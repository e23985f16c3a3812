package io.chouette.app;

import io.chouette.collectors.docker.DockerContainerLookup;
import io.chouette.core.config.ConfigException;
import io.chouette.core.config.DogStatsdConfig;
import io.chouette.core.dogstatsd.DogStatsdBuckets;
import io.chouette.core.dogstatsd.OriginLines;
import io.chouette.core.dogstatsd.UnixSocketFile;
import io.chouette.core.dogstatsd.origin.OriginResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DogStatsD parts checked and assembled before the actor system exists: the Unix socket files
 * (a stale one replaced; a live, missing-directory or non-socket path a configuration error), and
 * origin detection over the Docker Engine API on {@code DOCKER_SOCKET_PATH}.
 */
final class DogStatsdStartup {

  private static final Logger log = LoggerFactory.getLogger(DogStatsdStartup.class);

  private DogStatsdStartup() {}

  /** One line per problem, empty when DogStatsD can start. */
  static List<String> problems(DogStatsdConfig config, Map<String, String> env) {
    List<String> problems = new ArrayList<>(UnixSocketFile.prepare(config.sockets()));
    if (config.origin().enabled()) {
      try {
        DockerContainerLookup.fromEnv(env).close();
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    return problems;
  }

  /**
   * With {@code DOGSTATSD_ORIGIN_DETECTION=true}, makes {@code buckets} tag each metric with its
   * container's tags and returns the resolver to close at shutdown; null otherwise.
   */
  static OriginResolver detectOrigin(
      DogStatsdConfig config, Map<String, String> env, DogStatsdBuckets buckets) {
    if (!config.origin().enabled()) {
      return null;
    }
    OriginResolver resolver =
        new OriginResolver(DockerContainerLookup.fromEnv(env), config.origin());
    buckets.detectOrigin(new OriginLines(resolver));
    log.info(
        "DogStatsD origin detection on: {} cardinality, cgroups read under {}",
        config.origin().cardinality().name().toLowerCase(java.util.Locale.ROOT),
        config.origin().procRoot());
    return resolver;
  }
}
