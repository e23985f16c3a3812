package io.chouette.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chouette.core.send.SenderStatus;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageEngine;
import io.chouette.core.storage.memory.MemoryStorageEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
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
    assertThat(body.at("/storage/reachable").asBoolean()).isFalse();
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
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
