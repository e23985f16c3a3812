package io.chouette.core.dogstatsd.origin;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The port through which origin detection learns a container's name and image (implemented over the
 * Docker Engine API in chouette-collectors, so that core does not depend on docker-java). It must
 * never block the caller: the answer comes in the future.
 */
public interface ContainerLookup extends AutoCloseable {

  /**
   * The container {@code containerId} (full id), empty when the engine does not know it; fails when
   * the engine cannot be asked.
   */
  CompletableFuture<Optional<ContainerInfo>> inspect(String containerId);

  @Override
  default void close() {}
}
