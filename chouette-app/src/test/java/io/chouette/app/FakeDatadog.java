package io.chouette.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A stand-in for the Datadog intake on loopback: real HTTP, the real API paths, the {@code
 * DD-API-KEY} check and deflate decoding. It records every series point, log record, event and
 * check run it accepts and can be told to fail (500), refuse the key (403) or hang.
 */
final class FakeDatadog implements AutoCloseable {

  /** How the intake answers. */
  enum Mode {
    ACCEPT,
    FAIL_500,
    FORBIDDEN_403,
    HANG
  }

  /** One accepted series point. */
  record Point(
      String metric, String type, List<String> tags, String host, double timestamp, double value) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A payload holding this text is refused with 400, as Datadog refuses a malformed series. */
  static final String POISON = "poison.metric";

  private final String apiKey;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.ACCEPT);
  private final List<Point> points = new CopyOnWriteArrayList<>();
  private final List<JsonNode> logs = new CopyOnWriteArrayList<>();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private final List<JsonNode> checkRuns = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger rejected = new AtomicInteger();
  private volatile long answerDelayMillis;
  private volatile boolean answerOnReceipt;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();

  FakeDatadog(String apiKey) throws IOException {
    this.apiKey = apiKey;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/v1/series", exchange -> handle(exchange, this::recordSeries));
    server.createContext("/v1/input", exchange -> handle(exchange, this::recordLogs));
    server.createContext("/api/v1/events", exchange -> handle(exchange, events::add));
    server.createContext("/api/v1/check_run", exchange -> handle(exchange, this::recordCheckRuns));
    server.setExecutor(executor);
    server.start();
  }

  /** For {@code DATADOG_URL}. */
  String metricsUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
  }

  /** For {@code DATADOG_LOGS_URL}. */
  String logsUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Accepted payloads are recorded on arrival and answered this much later (a slow link). */
  void answerDelay(long millis) {
    answerDelayMillis = millis;
  }

  /**
   * Accepted payloads are answered 202 as soon as they are read, then decoded and recorded, as an
   * intake that queues its work: for benchmarks, where decoding is not the sender's time. A
   * malformed payload is then counted in {@link #rejected()} but still answered 202.
   */
  void answerOnReceipt() {
    answerOnReceipt = true;
  }

  void mode(Mode newMode) {
    mode.set(newMode);
  }

  List<Point> points() {
    return List.copyOf(points);
  }

  int pointCount() {
    return points.size();
  }

  List<Point> points(String metric) {
    return points.stream().filter(p -> p.metric().equals(metric)).toList();
  }

  List<JsonNode> logs() {
    return List.copyOf(logs);
  }

  List<JsonNode> events() {
    return List.copyOf(events);
  }

  List<JsonNode> checkRuns() {
    return List.copyOf(checkRuns);
  }

  int requests() {
    return requests.get();
  }

  int rejected() {
    return rejected.get();
  }

  private interface Recorder {
    void record(JsonNode body);
  }

  private void handle(HttpExchange exchange, Recorder recorder) throws IOException {
    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      answer(exchange, recorder);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** The most requests the intake was answering at the same time. */
  int mostInFlight() {
    return mostInFlight.get();
  }

  private void answer(HttpExchange exchange, Recorder recorder) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      byte[] raw = exchange.getRequestBody().readAllBytes();
      Mode current = mode.get();
      if (current == Mode.HANG) {
        sleepQuietly(60_000);
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        reply(exchange, 405, "{\"errors\":[\"method\"]}");
        return;
      }
      if (current == Mode.FORBIDDEN_403
          || !apiKey.equals(exchange.getRequestHeaders().getFirst("DD-API-KEY"))) {
        rejected.incrementAndGet();
        reply(exchange, 403, "{\"errors\":[\"Forbidden\"]}");
        return;
      }
      if (current == Mode.FAIL_500) {
        rejected.incrementAndGet();
        reply(exchange, 500, "{\"errors\":[\"Internal Server Error\"]}");
        return;
      }
      boolean answered = answerOnReceipt;
      if (answered) {
        reply(exchange, 202, "{\"status\":\"ok\"}");
      }
      JsonNode body;
      try {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        byte[] decoded = "deflate".equalsIgnoreCase(encoding) ? inflate(raw) : raw;
        body = JSON.readTree(decoded);
      } catch (IOException | DataFormatException e) {
        rejected.incrementAndGet();
        if (!answered) {
          reply(exchange, 400, "{\"errors\":[\"Malformed payload\"]}");
        }
        return;
      }
      if (answered) {
        recorder.record(body);
        return;
      }
      if (body.toString().contains(POISON)) {
        // Datadog refuses the whole payload when one series is malformed.
        rejected.incrementAndGet();
        reply(exchange, 400, "{\"errors\":[\"Invalid series\"]}");
        return;
      }
      recorder.record(body);
      if (answerDelayMillis > 0) {
        sleepQuietly(answerDelayMillis);
      }
      reply(exchange, 202, "{\"status\":\"ok\"}");
    }
  }

  private void recordSeries(JsonNode body) {
    // One addAll per payload: each add to a copy-on-write list copies it.
    List<Point> received = new ArrayList<>();
    for (JsonNode series : body.path("series")) {
      List<String> tags = new ArrayList<>();
      series.path("tags").forEach(tag -> tags.add(tag.asText()));
      List<String> sortedTags = List.copyOf(new TreeSet<>(tags));
      for (JsonNode point : series.path("points")) {
        received.add(
            new Point(
                series.path("metric").asText(),
                series.path("type").asText(),
                sortedTags,
                series.path("host").asText(""),
                point.get(0).asDouble(),
                point.get(1).asDouble()));
      }
    }
    points.addAll(received);
  }

  private void recordCheckRuns(JsonNode body) {
    body.forEach(checkRuns::add);
  }

  private void recordLogs(JsonNode body) {
    body.forEach(logs::add);
  }

  private static byte[] inflate(byte[] compressed) throws DataFormatException {
    Inflater inflater = new Inflater();
    inflater.setInput(compressed);
    ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 4);
    byte[] buffer = new byte[8192];
    while (!inflater.finished()) {
      int n = inflater.inflate(buffer);
      if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
        throw new DataFormatException("truncated deflate stream");
      }
      out.write(buffer, 0, n);
    }
    inflater.end();
    return out.toByteArray();
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
