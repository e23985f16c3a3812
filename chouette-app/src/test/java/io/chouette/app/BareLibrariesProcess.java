package io.chouette.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;

/**
 * The baseline of {@code scripts/bare-footprint.sh} (docs/PERFORMANCE.md, "Footprint"): a process
 * that loads the libraries Chouette is built on and nothing of Chouette — Pekko typed with one
 * timer, Jackson serializing a map, an OkHttp client making one request to a loopback port, a Jedis
 * pool object (no connection), Logback logging one line, and a UDP channel bound to the given port
 * — then waits. Not a test: a main, run by the script with the launcher's JVM flags.
 *
 * <p>Argument: the UDP port to bind (0 for any free port).
 */
public final class BareLibrariesProcess {

  private static final Logger LOG = LoggerFactory.getLogger(BareLibrariesProcess.class);

  private BareLibrariesProcess() {}

  public static void main(String[] args) throws Exception {
    int udpPort = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    ActorSystem<String> system = ActorSystem.create(ticking(), "bare");
    String json =
        new ObjectMapper()
            .writeValueAsString(Map.of("series", List.of(Map.of("metric", "bare", "points", 1))));
    int status = oneLoopbackRequest();
    JedisPooled jedis = new JedisPooled("127.0.0.1", 6);
    DatagramChannel udp = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", udpPort));
    LOG.info(
        "bare libraries ready: json {} bytes, http status {}, jedis {}, udp {}",
        json.length(),
        status,
        jedis.getClass().getSimpleName(),
        udp.getLocalAddress());
    Thread.sleep(Long.MAX_VALUE);
    system.terminate();
  }

  private static Behavior<String> ticking() {
    return Behaviors.withTimers(
        timers -> {
          timers.startTimerWithFixedDelay("tick", Duration.ofSeconds(1));
          return Behaviors.receiveMessage(message -> Behaviors.same());
        });
  }

  /** One GET to a loopback socket that answers a fixed HTTP response; returns the status code. */
  private static int oneLoopbackRequest() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Thread answerer =
          new Thread(
              () -> {
                try (var socket = server.accept()) {
                  socket.getInputStream().read(new byte[4096]);
                  socket
                      .getOutputStream()
                      .write(
                          "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } catch (java.io.IOException e) {
                  LOG.warn("loopback answer failed", e);
                }
              });
      answerer.start();
      OkHttpClient client = new OkHttpClient();
      try (Response response =
          client
              .newCall(
                  new Request.Builder().url("http://127.0.0.1:" + server.getLocalPort()).build())
              .execute()) {
        return response.code();
      }
    }
  }
}
