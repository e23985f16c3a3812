package io.chouette.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.chouette.core.send.SenderStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health endpoint ({@code HEALTH_PORT}), on the JDK's built-in HTTP server:
 *
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the guardian answers (the actors are alive), else 503;
 *   <li>{@code GET /health/ready}: 200 when the store is reachable and no sender is stuck on a
 *       configuration problem (403 bad key, 404 bad URL), else 503; the JSON body carries {@code
 *       "status"} ({@code "ok"}, or {@code "degraded"} with its {@code "reasons"}), the store's
 *       bound and queue sizes, and each sender's last outcome. A full or failing store that still
 *       answers is {@code degraded} but ready: the agent is serving.
 * </ul>
 */
final class HealthServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HealthServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);

  private final ActorSystem<ChouetteGuardian.Command> system;
  private final Map<String, SenderStatus> senders;
  private final HttpServer server;
  private final ExecutorService executor;

  private HealthServer(
      ActorSystem<ChouetteGuardian.Command> system,
      Map<String, SenderStatus> senders,
      HttpServer server) {
    this.system = system;
    this.senders = Map.copyOf(senders);
    this.server = server;
    // One thread: probes are rare and cheap, and an IoT node has threads to spare for nothing.
    this.executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "chouette-health"));
    server.createContext("/health/live", exchange -> respond(exchange, live()));
    server.createContext("/health/ready", exchange -> respond(exchange, ready()));
    server.setExecutor(executor);
  }

  /** Binds {@code host:port} (port 0 picks a free one) and starts serving. */
  static HealthServer start(
      ActorSystem<ChouetteGuardian.Command> system,
      Map<String, SenderStatus> senders,
      String host,
      int port)
      throws IOException {
    HealthServer health =
        new HealthServer(system, senders, HttpServer.create(new InetSocketAddress(host, port), 8));
    health.server.start();
    log.info("health endpoint listening on {}:{}", host, health.port());
    return health;
  }

  int port() {
    return server.getAddress().getPort();
  }

  private record Answer(int status, ObjectNode body) {}

  private Answer live() {
    ObjectNode body = JSON.createObjectNode();
    try {
      checkStorage().toCompletableFuture().get(ASK_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
      body.put("status", "alive");
      return new Answer(200, body);
    } catch (Exception e) {
      body.put("status", "unresponsive");
      return new Answer(503, body);
    }
  }

  private Answer ready() {
    ObjectNode body = JSON.createObjectNode();
    boolean ready;
    List<String> reasons = new ArrayList<>();
    body.put("status", "ok");
    ArrayNode reasonsNode = body.putArray("reasons");
    ObjectNode storage = body.putObject("storage");
    try {
      HealthQuery.StorageHealth health =
          checkStorage()
              .toCompletableFuture()
              .get(ASK_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
      storage.put("reachable", health.reachable());
      storage.put("bound", health.bound());
      ObjectNode queues = storage.putObject("queues");
      health.queueSizes().forEach(queues::put);
      if (!health.detail().isEmpty()) {
        storage.put("detail", health.detail());
      }
      ready = health.reachable();
      if (!health.reachable()) {
        reasons.add("storage_unreachable: " + health.detail());
      }
      reasons.addAll(health.reasons());
    } catch (Exception e) {
      storage.put("reachable", false);
      storage.put("detail", "no answer from the actors");
      reasons.add("storage_unreachable: no answer from the actors");
      ready = false;
    }
    ObjectNode sendersNode = body.putObject("senders");
    for (Map.Entry<String, SenderStatus> sender : senders.entrySet()) {
      SenderStatus.Snapshot snapshot = sender.getValue().snapshot();
      ObjectNode node = sendersNode.putObject(sender.getKey());
      node.put("ready", snapshot.ready());
      node.put("lastOutcome", snapshot.lastOutcome().name());
      snapshot.lastSuccessAt().ifPresent(at -> node.put("lastSuccessAt", at.toString()));
      snapshot.lastRunAt().ifPresent(at -> node.put("lastRunAt", at.toString()));
      if (!snapshot.detail().isEmpty()) {
        node.put("detail", snapshot.detail());
      }
      node.put("delivered", snapshot.delivered());
      node.put("dropped", snapshot.dropped());
      ready &= snapshot.ready();
      if (!snapshot.ready()) {
        reasons.add("sender_" + sender.getKey() + ": " + snapshot.detail());
      }
    }
    reasons.forEach(reasonsNode::add);
    if (!reasons.isEmpty()) {
      body.put("status", "degraded");
    }
    body.put("ready", ready);
    return new Answer(ready ? 200 : 503, body);
  }

  private CompletionStage<HealthQuery.StorageHealth> checkStorage() {
    return AskPattern.ask(
        system, ChouetteGuardian.CheckStorage::new, ASK_TIMEOUT, system.scheduler());
  }

  private static void respond(HttpExchange exchange, Answer answer) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())
          && !"HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = JSON.writeValueAsBytes(answer.body());
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
