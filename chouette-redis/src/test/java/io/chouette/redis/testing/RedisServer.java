package io.chouette.redis.testing;

import io.chouette.redis.RedisConfig;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import redis.clients.jedis.Jedis;

/**
 * A real, private Redis for tests (DESIGN §9), never the machine's shared 6379.
 *
 * <p>Where a Docker engine answers, a {@code redis:7-alpine} container (Testcontainers) with its
 * port published on a free host port; otherwise a {@code redis-server} from the PATH, started on a
 * free port with its data in a temporary directory. Neither found is an {@link
 * IllegalStateException} saying how to get one: tests that need Redis fail, they never skip.
 *
 * <p>{@link #stop()} and {@link #start()} stop and restart the same server on the same port, for
 * fault tests. With {@link Persistence#AOF_ALWAYS} every write is fsynced to an append-only file,
 * so a restart (even after {@link #kill()}) keeps the data.
 */
public final class RedisServer implements AutoCloseable {

  /** Whether data survives a restart. */
  public enum Persistence {
    /** {@code --save '' --appendonly no}: nothing on disk, a restart starts empty. */
    NONE,
    /** {@code --appendonly yes --appendfsync always}: a restart keeps every acknowledged write. */
    AOF_ALWAYS
  }

  private static final Duration STARTUP = Duration.ofSeconds(20);
  private static final String IMAGE = "redis:7-alpine";

  private final Persistence persistence;
  private final Backend backend;
  private final int port;

  private RedisServer(Persistence persistence) {
    this.persistence = persistence;
    this.port = freePort();
    this.backend = dockerAvailable() ? new ContainerBackend() : new BinaryBackend(findBinary());
  }

  /** Starts a new private server. */
  public static RedisServer start(Persistence persistence) {
    RedisServer server = new RedisServer(persistence);
    server.start();
    return server;
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /** The environment the Chouette settings read: {@code REDIS_HOST}, {@code REDIS_PORT}. */
  public Map<String, String> env() {
    return Map.of("REDIS_HOST", host(), "REDIS_PORT", String.valueOf(port));
  }

  public RedisConfig config() {
    return RedisConfig.of(host(), port);
  }

  /** A plain Jedis connection to this server (the caller closes it). */
  public Jedis connect() {
    return new Jedis(host(), port);
  }

  /** Starts (or restarts, on the same port) the server and waits until it answers PING. */
  public synchronized void start() {
    if (backend.running()) {
      return;
    }
    backend.start();
    awaitPing();
  }

  /** Graceful stop (SIGTERM / docker stop): Redis flushes its append-only file and exits. */
  public synchronized void stop() {
    backend.stop(false);
  }

  /** Abrupt stop (SIGKILL): what a crash or a power cut looks like. */
  public synchronized void kill() {
    backend.stop(true);
  }

  public synchronized boolean running() {
    return backend.running();
  }

  /** Empties every database. */
  public void flushAll() {
    try (Jedis jedis = connect()) {
      jedis.flushAll();
    }
  }

  @Override
  public synchronized void close() {
    backend.close();
  }

  private List<String> arguments() {
    List<String> args = new ArrayList<>(List.of("--port", String.valueOf(internalPort())));
    args.addAll(List.of("--save", ""));
    if (persistence == Persistence.AOF_ALWAYS) {
      args.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
    } else {
      args.addAll(List.of("--appendonly", "no"));
    }
    return args;
  }

  private int internalPort() {
    return backend instanceof ContainerBackend ? 6379 : port;
  }

  private void awaitPing() {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      if (!backend.running()) {
        throw new IllegalStateException("Redis exited during startup: " + backend.diagnostics());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host(), port), 500);
        socket.setSoTimeout(1000);
        OutputStream out = socket.getOutputStream();
        out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        byte[] reply = new byte[7];
        int read = socket.getInputStream().readNBytes(reply, 0, 7);
        if (read == 7 && new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n")) {
          return;
        }
      } catch (IOException e) {
        last = e;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for Redis", e);
      }
    }
    throw new IllegalStateException(
        "Redis did not answer PING on port "
            + port
            + " within "
            + STARTUP
            + " ("
            + last
            + "): "
            + backend.diagnostics());
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean dockerAvailable() {
    if ("binary".equals(System.getProperty("chouette.test.redis"))) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static Path findBinary() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    throw new IllegalStateException(
        "No Redis for the tests: no Docker engine answers (for Testcontainers) and no redis-server"
            + " is on the PATH. Install Redis (e.g. the redis-server package) or start Docker.");
  }

  private interface Backend extends AutoCloseable {
    void start();

    void stop(boolean abrupt);

    boolean running();

    String diagnostics();

    @Override
    void close();
  }

  /** A redis-server child process; its data directory lives as long as this fixture. */
  private final class BinaryBackend implements Backend {
    private final Path binary;
    private final Path dir;
    private Process process;

    BinaryBackend(Path binary) {
      this.binary = binary;
      try {
        this.dir = Files.createTempDirectory("chouette-redis-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void start() {
      List<String> command = new ArrayList<>();
      command.add(binary.toString());
      command.addAll(arguments());
      command.addAll(List.of("--bind", "127.0.0.1", "--dir", dir.toString(), "--daemonize", "no"));
      command.addAll(List.of("--logfile", dir.resolve("redis.log").toString()));
      try {
        process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
      } catch (IOException e) {
        throw new IllegalStateException("cannot start " + binary + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void stop(boolean abrupt) {
      if (process == null) {
        return;
      }
      if (abrupt) {
        process.destroyForcibly();
      } else {
        process.destroy();
      }
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }

    @Override
    public boolean running() {
      return process != null && process.isAlive();
    }

    @Override
    public String diagnostics() {
      try {
        Path logFile = dir.resolve("redis.log");
        String out = Files.exists(logFile) ? Files.readString(logFile) : "";
        Path stdout = dir.resolve("stdout.log");
        return out + (Files.exists(stdout) ? Files.readString(stdout) : "");
      } catch (IOException e) {
        return "(no log: " + e.getMessage() + ")";
      }
    }

    @Override
    public void close() {
      stop(false);
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      } catch (IOException e) {
        // A leftover temp directory is harmless.
      }
    }
  }

  /**
   * A redis:7-alpine container with its port published on {@link #port} (fixed across restarts).
   */
  private final class ContainerBackend implements Backend {
    private GenericContainer<?> container;

    @Override
    public void start() {
      if (container == null) {
        List<String> command = new ArrayList<>(List.of("redis-server"));
        command.addAll(arguments());
        command.addAll(List.of("--dir", "/data"));
        @SuppressWarnings("resource")
        GenericContainer<?> created =
            new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withCommand(command.toArray(String[]::new))
                .withExposedPorts(6379)
                .withCreateContainerCmdModifier(
                    cmd ->
                        cmd.getHostConfig()
                            .withPortBindings(
                                com.github.dockerjava.api.model.PortBinding.parse(port + ":6379")));
        container = created;
        container.start();
      } else {
        container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
      }
    }

    @Override
    public void stop(boolean abrupt) {
      if (container == null || !running()) {
        return;
      }
      if (abrupt) {
        container.getDockerClient().killContainerCmd(container.getContainerId()).exec();
      } else {
        container.getDockerClient().stopContainerCmd(container.getContainerId()).exec();
      }
    }

    @Override
    public boolean running() {
      if (container == null) {
        return false;
      }
      Boolean state =
          container
              .getDockerClient()
              .inspectContainerCmd(container.getContainerId())
              .exec()
              .getState()
              .getRunning();
      return Boolean.TRUE.equals(state);
    }

    @Override
    public String diagnostics() {
      return container == null ? "(no container)" : container.getLogs();
    }

    @Override
    public void close() {
      if (container != null) {
        container.stop();
        container = null;
      }
    }
  }
}
