package io.chouette.collectors.docker;

import io.chouette.collectors.PluginEnv;
import io.chouette.core.collect.spi.CollectorPlugin;
import io.chouette.core.collect.spi.CollectorPluginProvider;
import io.chouette.core.config.EnvReader;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Creates the {@code docker} plugin. {@code DOCKER_SOCKET_PATH}: default /var/run/docker.sock. */
public final class DockerPluginProvider implements CollectorPluginProvider {

  static final String DEFAULT_SOCKET = "/var/run/docker.sock";

  @Override
  public String name() {
    return DockerPlugin.NAME;
  }

  @Override
  public CollectorPlugin create(Map<String, String> env, Duration captureInterval) {
    EnvReader reader = new EnvReader(env);
    String socket = reader.string("DOCKER_SOCKET_PATH", DEFAULT_SOCKET);
    Path path = Path.of(DEFAULT_SOCKET);
    try {
      if (socket.isBlank()) {
        reader.problem("DOCKER_SOCKET_PATH", "a path to the Docker socket", socket);
      } else {
        path = Path.of(socket);
      }
    } catch (InvalidPathException e) {
      reader.problem("DOCKER_SOCKET_PATH", "a path to the Docker socket", socket);
    }
    reader.throwIfProblems();
    Duration timeout = PluginEnv.requestTimeout(captureInterval);
    return new DockerPlugin(
        new DockerJavaApi(path, timeout), path.toString(), timeout, Clock.systemUTC());
  }
}
