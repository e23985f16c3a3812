package io.chouette.collectors;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} from the PATH on a free loopback port, with no persistence, for
 * integration tests (never the developer's own Redis on 6379). It can be stopped and started again
 * on the same port to test outages. A missing binary fails with a clear message.
 */
public final class LocalRedis implements AutoCloseable {

  private static final Duration STARTUP = Duration.ofSeconds(10);

  private final int port;
  private final Path dir;
  private Process process;

  private LocalRedis(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  /** Starts a server on a free port; {@code dir} is its working directory. */
  public static LocalRedis start(Path dir) throws IOException, InterruptedException {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    LocalRedis redis = new LocalRedis(port, dir);
    redis.start();
    return redis;
  }

  public int port() {
    return port;
  }

  /** (Re)starts the server on its port. */
  public void start() throws IOException, InterruptedException {
    List<String> command =
        List.of(
            "redis-server",
            "--port",
            String.valueOf(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            dir.toString());
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(Files.createTempFile(dir, "redis", ".log").toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "redis-server is needed for this test and was not found on the PATH"
              + " (install the distribution's redis-server package): "
              + e.getMessage(),
          e);
    }
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (!answersPing()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException("redis-server did not start on port " + port);
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(500);
      socket.getOutputStream().write("PING\r\n".getBytes());
      byte[] reply = new byte[7];
      int read = socket.getInputStream().read(reply);
      return read > 0 && new String(reply, 0, read).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops the server and waits until it is gone. */
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
