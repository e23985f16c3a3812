package io.chouette.collectors.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.CpuUsageConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link DockerApi} over docker-java and its Apache HttpClient 5 transport, talking to the Engine
 * API on a unix socket. The client is created on first use, so a missing socket costs nothing until
 * the plugin collects, and after {@link #close()} the next call reconnects.
 */
final class DockerJavaApi implements DockerApi {

  private final Path socket;
  private final Duration timeout;
  private DockerClient client;

  DockerJavaApi(Path socket, Duration timeout) {
    this.socket = socket;
    this.timeout = timeout;
  }

  private synchronized DockerClient client() throws IOException {
    if (!Files.exists(socket)) {
      throw new IOException("no Docker socket at " + socket);
    }
    if (client == null) {
      client = newClient(socket, timeout);
    }
    return client;
  }

  /** A docker-java client of the Engine API on the unix socket {@code socket}. */
  static DockerClient newClient(Path socket, Duration timeout) {
    String host = "unix://" + socket.toAbsolutePath();
    DefaultDockerClientConfig config =
        new DefaultDockerClientConfig.Builder().withDockerHost(host).build();
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .connectionTimeout(timeout)
            .responseTimeout(timeout)
            .maxConnections(16)
            .build();
    return DockerClientImpl.getInstance(config, http);
  }

  @Override
  public List<Container> runningContainers() throws IOException {
    DockerClient docker = client();
    List<com.github.dockerjava.api.model.Container> containers;
    try {
      containers = docker.listContainersCmd().exec();
    } catch (RuntimeException e) {
      // docker-java wraps transport and parse errors in unchecked exceptions
      throw new IOException(describe(e), e);
    }
    List<Container> running = new ArrayList<>(containers.size());
    for (com.github.dockerjava.api.model.Container container : containers) {
      running.add(new Container(container.getId(), name(container)));
    }
    return running;
  }

  private static String name(com.github.dockerjava.api.model.Container container) {
    String[] names = container.getNames();
    if (names == null || names.length == 0 || names[0] == null || names[0].isEmpty()) {
      String id = container.getId();
      return id.length() > 12 ? id.substring(0, 12) : id;
    }
    String name = names[0];
    return name.startsWith("/") ? name.substring(1) : name;
  }

  @Override
  public CompletableFuture<ContainerStats> stats(String containerId) {
    CompletableFuture<ContainerStats> result = new CompletableFuture<>();
    DockerClient docker;
    try {
      docker = client();
    } catch (IOException e) {
      result.completeExceptionally(e);
      return result;
    }
    ResultCallback.Adapter<Statistics> callback =
        new ResultCallback.Adapter<>() {
          @Override
          public void onNext(Statistics statistics) {
            result.complete(convert(statistics));
          }

          @Override
          public void onError(Throwable error) {
            result.completeExceptionally(new IOException(describe(error), error));
          }

          @Override
          public void onComplete() {
            result.completeExceptionally(new IOException("the engine sent no stats"));
          }
        };
    // Whatever ends the future (an answer, an error, the plugin's deadline) ends the request.
    result.whenComplete((stats, error) -> closeQuietly(callback));
    try {
      docker.statsCmd(containerId).withNoStream(true).exec(callback);
    } catch (RuntimeException e) {
      result.completeExceptionally(new IOException(describe(e), e));
    }
    return result;
  }

  private static ContainerStats convert(Statistics statistics) {
    CpuStatsConfig cpu = statistics.getCpuStats();
    CpuStatsConfig preCpu = statistics.getPreCpuStats();
    CpuUsageConfig usage = cpu == null ? null : cpu.getCpuUsage();
    CpuUsageConfig preUsage = preCpu == null ? null : preCpu.getCpuUsage();
    Long onlineCpus = cpu == null ? null : cpu.getOnlineCpus();
    if ((onlineCpus == null || onlineCpus == 0)
        && usage != null
        && usage.getPercpuUsage() != null) {
      onlineCpus = (long) usage.getPercpuUsage().size();
    }
    return new ContainerStats(
        statistics.getMemoryStats() == null ? null : statistics.getMemoryStats().getUsage(),
        usage == null ? null : usage.getUsageInKernelmode(),
        usage == null ? null : usage.getTotalUsage(),
        preUsage == null ? null : preUsage.getTotalUsage(),
        cpu == null ? null : cpu.getSystemCpuUsage(),
        preCpu == null ? null : preCpu.getSystemCpuUsage(),
        onlineCpus);
  }

  private static String describe(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause == error ? error.toString() : error + " (" + cause + ")";
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException | RuntimeException e) {
      // the request is abandoned either way
    }
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      try {
        client.close();
      } catch (IOException e) {
        // nothing to release any more
      }
      client = null;
    }
  }
}
