package io.chouette.collectors.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import io.chouette.core.config.EnvReader;
import io.chouette.core.dogstatsd.origin.ContainerInfo;
import io.chouette.core.dogstatsd.origin.ContainerLookup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * DogStatsD origin detection's {@link ContainerLookup} over the Docker Engine API ({@code GET
 * /containers/{id}/json}) on the docker plugin's socket, {@code DOCKER_SOCKET_PATH}. The blocking
 * docker-java call runs on this lookup's own thread; the client is created on first use, so an
 * engine that is not there costs nothing until a container id is seen.
 */
public final class DockerContainerLookup implements ContainerLookup {

  static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final Path socket;
  private final Duration timeout;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "chouette-dogstatsd-docker-lookup");
            thread.setDaemon(true);
            return thread;
          });
  private DockerClient client; // worker thread only

  DockerContainerLookup(Path socket, Duration timeout) {
    this.socket = socket;
    this.timeout = timeout;
  }

  /** The lookup on {@code DOCKER_SOCKET_PATH} (default /var/run/docker.sock). */
  public static DockerContainerLookup fromEnv(Map<String, String> env) {
    EnvReader reader = new EnvReader(env);
    String value = reader.string("DOCKER_SOCKET_PATH", DockerPluginProvider.DEFAULT_SOCKET);
    Path path = Path.of(DockerPluginProvider.DEFAULT_SOCKET);
    try {
      if (value.isBlank()) {
        reader.problem("DOCKER_SOCKET_PATH", "a path to the Docker socket", value);
      } else {
        path = Path.of(value);
      }
    } catch (InvalidPathException e) {
      reader.problem("DOCKER_SOCKET_PATH", "a path to the Docker socket", value);
    }
    reader.throwIfProblems();
    return new DockerContainerLookup(path, TIMEOUT);
  }

  @Override
  public CompletableFuture<Optional<ContainerInfo>> inspect(String containerId) {
    try {
      return CompletableFuture.supplyAsync(() -> inspectNow(containerId), worker);
    } catch (RuntimeException e) { // closed
      return CompletableFuture.failedFuture(e);
    }
  }

  private Optional<ContainerInfo> inspectNow(String containerId) {
    try {
      if (!Files.exists(socket)) {
        throw new IOException("no Docker socket at " + socket);
      }
      if (client == null) {
        client = DockerJavaApi.newClient(socket, timeout);
      }
      InspectContainerResponse container = client.inspectContainerCmd(containerId).exec();
      String name = container.getName() == null ? "" : container.getName();
      String image =
          container.getConfig() != null && container.getConfig().getImage() != null
              ? container.getConfig().getImage()
              : "";
      return Optional.of(
          new ContainerInfo(
              container.getId() == null ? containerId : container.getId(),
              name.startsWith("/") ? name.substring(1) : name,
              image));
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CompletionException(e);
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
    if (client != null) {
      try {
        client.close();
      } catch (IOException e) {
        // nothing to release any more
      }
    }
  }
}
