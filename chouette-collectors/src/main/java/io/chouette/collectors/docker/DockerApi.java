package io.chouette.collectors.docker;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The two Docker Engine API calls the docker plugin makes; docker-java in production ({@link
 * DockerJavaApi}), a fake in tests.
 */
public interface DockerApi extends AutoCloseable {

  /** {@code GET /containers/json}: the running containers. */
  List<Container> runningContainers() throws IOException;

  /**
   * {@code GET /containers/{id}/stats?stream=false}: one reading of a container, fetched in the
   * background so that several containers are read in parallel. Cancelling the future abandons the
   * request.
   */
  CompletableFuture<ContainerStats> stats(String containerId);

  /** Releases the connection pool; idempotent. The next call reconnects. */
  @Override
  void close();

  /**
   * A running container.
   *
   * @param name its name without Docker's leading slash
   */
  record Container(String id, String name) {}
}
