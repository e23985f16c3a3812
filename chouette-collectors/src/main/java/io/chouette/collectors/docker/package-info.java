/**
 * The {@code docker} plugin: per-container memory and CPU from the Docker Engine API on its unix
 * socket, through docker-java behind the {@link io.chouette.collectors.docker.DockerApi} interface.
 */
package io.chouette.collectors.docker;
