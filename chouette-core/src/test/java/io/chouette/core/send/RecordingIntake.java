package io.chouette.core.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A loopback Datadog intake for drain tests: it inflates and records every payload (series points
 * in payload order, log messages), with when it arrived and its size on the wire, and answers 202
 * (after an optional delay per request), or 500 from a chosen request on.
 */
final class RecordingIntake extends Dispatcher {

  /** One accepted series point. */
  record Point(String metric, double timestamp) {}

  /** One request as it arrived. */
  record Arrival(String path, long nanos, long bytes, List<Point> points, int logs) {}

  final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int failFrom = Integer.MAX_VALUE;
  private volatile long delayMillis;

  /** Answers 500 to the {@code n}-th request (0-based) and every one after it. */
  void failFrom(int n) {
    failFrom = n;
  }

  void acceptAll() {
    failFrom = Integer.MAX_VALUE;
  }

  void delayEachRequest(long millis) {
    delayMillis = millis;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    long arrived = System.nanoTime();
    if (requests.getAndIncrement() >= failFrom) {
      return new MockResponse.Builder().code(500).body("{\"errors\":[\"busy\"]}").build();
    }
    byte[] wire = request.getBody().toByteArray();
    JsonNode body = SenderHarness.parse(new String(SenderHarness.inflate(wire), UTF_8));
    List<Point> points = new ArrayList<>();
    int logs = 0;
    if (body.has("series")) {
      for (JsonNode series : body.get("series")) {
        for (JsonNode point : series.get("points")) {
          points.add(new Point(series.get("metric").asText(), point.get(0).asDouble()));
        }
      }
    } else {
      logs = body.size();
    }
    // Recorded when it arrives, as Datadog has it from then on; the answer comes after the delay.
    arrivals.add(new Arrival(request.getUrl().encodedPath(), arrived, wire.length, points, logs));
    if (delayMillis > 0) {
      Thread.sleep(delayMillis);
    }
    return new MockResponse.Builder().code(202).body("{}").build();
  }

  List<Point> points() {
    List<Point> all = new ArrayList<>();
    arrivals.forEach(arrival -> all.addAll(arrival.points()));
    return all;
  }

  private static final java.nio.charset.Charset UTF_8 = java.nio.charset.StandardCharsets.UTF_8;
}
