package io.chouette.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chouette.core.send.SenderStatus;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageEngine;
import io.chouette.core.storage.StorageException;
import io.chouette.core.storage.memory.MemoryStorageEngine;
import io.chouette.core.testing.ForwardingEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private ActorSystem<ChouetteGuardian.Command> system;
  private HealthServer health;

  @AfterEach
  void stop() {
    if (health != null) {
      health.close();
    }
    if (system != null) {
      system.terminate();
    }
  }

  private void start(StorageEngine engine) throws Exception {
    system =
        ActorSystem.create(
            ChouetteGuardian.create(
                TestGuardians.withStorage(engine, Behaviors.ignore()),
                TestGuardians.EVERY_SECOND,
                Clock.systemUTC()),
            "health-test");
    health =
        HealthServer.start(
            system,
            Map.of("metrics", new SenderStatus(), "logs", new SenderStatus()),
            "127.0.0.1",
            0);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void liveAndReadyWithQueueSizes() throws Exception {
    MemoryStorageEngine engine = new MemoryStorageEngine();
    engine.storeRecords(Queue.RAW_METRICS, List.of(new NewRecord(1, "{}"), new NewRecord(2, "{}")));
    start(engine);

    HttpResponse<String> live = get("/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(live.body()).get("status").asText()).isEqualTo("alive");

    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(ready.body());
    assertThat(body.get("ready").asBoolean()).isTrue();
    assertThat(body.get("status").asText()).isEqualTo("ok");
    assertThat(body.get("reasons")).isEmpty();
    assertThat(body.at("/storage/bound").asText()).isEqualTo("1000000 records");
    assertThat(body.at("/storage/reachable").asBoolean()).isTrue();
    assertThat(body.at("/storage/queues/chouette:metrics:raw").asLong()).isEqualTo(2);
    assertThat(body.at("/storage/queues/chouette:metrics:wrapped").asLong()).isZero();
    assertThat(body.at("/senders/metrics/lastOutcome").asText()).isEqualTo("NONE");
    assertThat(body.at("/senders/logs/ready").asBoolean()).isTrue();
  }

  @Test
  void notReadyWhileTheStoreIsUnreachable() throws Exception {
    start(new UnreachableStore());

    HttpResponse<String> ready = get("/health/ready");

    assertThat(ready.statusCode()).isEqualTo(503);
    JsonNode body = JSON.readTree(ready.body());
    assertThat(body.get("ready").asBoolean()).isFalse();
    assertThat(body.get("status").asText()).isEqualTo("degraded");
    assertThat(body.get("reasons").get(0).asText()).startsWith("storage_unreachable: ");
    assertThat(body.at("/storage/reachable").asBoolean()).isFalse();
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
  }

  /** The ready body once its status is {@code status}, polled while the ticks run. */
  private JsonNode readyOnceStatusIs(String status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      HttpResponse<String> ready = get("/health/ready");
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(ready.body());
      if (body.get("status").asText().equals(status) || System.nanoTime() > deadline) {
        assertThat(body.get("status").asText()).as(ready.body()).isEqualTo(status);
        return body;
      }
      Thread.sleep(100);
    }
  }

  @Test
  void aFullStoreIsReadyButDegradedUntilItIsWithinItsBoundAgain() throws Exception {
    MemoryStorageEngine engine = new MemoryStorageEngine(Clock.systemUTC(), 5);
    List<NewRecord> logs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      logs.add(new NewRecord(1000 + i, "{}"));
    }
    engine.storeRecords(Queue.WRAPPED_LOGS, logs);
    start(engine);

    JsonNode full = readyOnceStatusIs("degraded");
    assertThat(full.get("reasons")).extracting(JsonNode::asText).containsExactly("storage_full");
    assertThat(full.get("ready").asBoolean()).isTrue();
    assertThat(full.at("/storage/bound").asText()).isEqualTo("5 records");
    assertThat(full.at("/storage/queues/chouette:logs:wrapped").asLong()).isEqualTo(5);

    readyOnceStatusIs("ok"); // the next tick finds it within its bound
  }

  @Test
  void aFailingStoreIsReadyButDegradedWithTheFaultUntilItWorksAgain() throws Exception {
    FailingBound engine = new FailingBound(new MemoryStorageEngine());
    engine.failing = true;
    start(engine);

    JsonNode failing = readyOnceStatusIs("degraded");
    assertThat(failing.get("reasons"))
        .extracting(JsonNode::asText)
        .containsExactly("storage_fault: enforceBound: OOM command not allowed");

    engine.failing = false;
    readyOnceStatusIs("ok");
  }

  /** A store whose bound check fails while {@code failing}, as Redis does at its maxmemory. */
  private static final class FailingBound extends ForwardingEngine {
    volatile boolean failing;

    FailingBound(StorageEngine delegate) {
      super(delegate);
    }

    @Override
    public Map<Queue, Long> enforceBound() {
      if (failing) {
        throw new StorageException("OOM command not allowed");
      }
      return super.enforceBound();
    }
  }

  @Test
  void onlyGetIsAnswered() throws Exception {
    start(new MemoryStorageEngine());
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + "/health/live"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }
}
