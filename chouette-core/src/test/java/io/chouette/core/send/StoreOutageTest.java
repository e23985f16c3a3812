package io.chouette.core.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.BlockingIo;
import io.chouette.core.config.SenderConfig;
import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.metric.WrappedMetricCodec;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import io.chouette.core.storage.StorageEngine;
import io.chouette.core.storage.StorageException;
import io.chouette.core.storage.StoredKey;
import io.chouette.core.storage.StoredRecord;
import io.chouette.core.storage.memory.MemoryStorageEngine;
import io.chouette.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The store failing under the sender (Redis restarting, say): the memory engine with a switch that
 * makes chosen operations throw {@link StorageException}, as the Redis engine does when Redis is
 * unreachable.
 */
class StoreOutageTest {

  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** Delegates to the memory engine; {@code failing} names the operation that throws. */
  static final class FlakyEngine implements StorageEngine {
    final MemoryStorageEngine real;
    volatile String failing = "";

    FlakyEngine(MemoryStorageEngine real) {
      this.real = real;
    }

    private void check(String operation) {
      if (operation.equals(failing)) {
        throw new StorageException("connection refused");
      }
    }

    @Override
    public long cleanupOutdated(Queue queue, Duration ttl) {
      check("cleanup");
      return real.cleanupOutdated(queue, ttl);
    }

    @Override
    public List<StoredKey> collectKeys(Queue queue, int amount) {
      check("keys");
      return real.collectKeys(queue, amount);
    }

    @Override
    public List<StoredKey> collectKeysSince(Queue queue, double sinceSeconds, int amount) {
      check("keys");
      return real.collectKeysSince(queue, sinceSeconds, amount);
    }

    @Override
    public List<StoredRecord> collectValues(Queue queue, Collection<String> keys) {
      check("values");
      return real.collectValues(queue, keys);
    }

    @Override
    public long deleteRecords(Queue queue, Collection<String> keys) {
      check("delete");
      return real.deleteRecords(queue, keys);
    }

    @Override
    public List<String> storeRecords(Queue queue, List<NewRecord> records) {
      check("store");
      return real.storeRecords(queue, records);
    }

    @Override
    public long queueSize(Queue queue) {
      return real.queueSize(queue);
    }

    @Override
    public void storeAndDelete(
        Queue target, List<NewRecord> records, Queue source, Collection<String> keys) {
      real.storeAndDelete(target, records, source, keys);
    }

    @Override
    public boolean isReachable() {
      return failing.isEmpty();
    }

    @Override
    public void close() {
      real.close();
    }
  }

  @Test
  void aStoreOutageLosesNothingAndTheNextTickCatchesUp() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2024-05-01T12:00:00Z"));
    FlakyEngine engine = new FlakyEngine(new MemoryStorageEngine(clock));
    engine.real.storeRecords(
        Queue.WRAPPED_METRICS,
        List.of(
            new NewRecord(
                clock.seconds(),
                WrappedMetricCodec.toJson(WrappedMetric.gauge("a", List.of(), clock.seconds(), 1))),
            new NewRecord(
                clock.seconds(),
                WrappedMetricCodec.toJson(
                    WrappedMetric.gauge("b", List.of(), clock.seconds(), 2)))));
    try (MockWebServer datadog = new MockWebServer()) {
      datadog.start();
      ActorRef<StorageActor.Command> storage =
          testKit.spawn(StorageActor.create(engine), BlockingIo.dispatcher());
      SenderHarness harness = new SenderHarness(testKit);
      harness.close(); // only its environment is used
      SenderConfig config = harness.config("DATADOG_URL", datadog.url("/api").toString());
      ActorRef<QueueSender.Command> sender =
          testKit.spawn(
              MetricsSender.create(
                  config, storage, clock, new SenderStatus(), SenderHarness.ownLink(config)));
      TestProbe<SendReport> probe = testKit.createTestProbe(SendReport.class);

      // The store is down before anything is sent: no request, nothing lost.
      engine.failing = "keys";
      sender.tell(new QueueSender.ReleaseNow(probe.getRef()));
      SendReport down = probe.receiveMessage(Duration.ofSeconds(10));
      assertThat(down.outcome()).isEqualTo(SendOutcome.STORAGE_FAILED);
      assertThat(down.detail()).contains("connection refused");
      assertThat(datadog.getRequestCount()).isZero();

      // Datadog accepts, but the store fails to delete: the records stay and go again.
      engine.failing = "delete";
      datadog.enqueue(new MockResponse.Builder().code(202).build());
      sender.tell(new QueueSender.ReleaseNow(probe.getRef()));
      assertThat(probe.receiveMessage(Duration.ofSeconds(10)).outcome())
          .isEqualTo(SendOutcome.STORAGE_FAILED);
      assertThat(engine.real.queueSize(Queue.WRAPPED_METRICS)).isEqualTo(2);

      // Back to normal: delivered and deleted.
      engine.failing = "";
      datadog.enqueue(new MockResponse.Builder().code(202).build());
      sender.tell(new QueueSender.ReleaseNow(probe.getRef()));
      SendReport back = probe.receiveMessage(Duration.ofSeconds(10));
      assertThat(back.outcome()).isEqualTo(SendOutcome.DELIVERED);
      assertThat(back.delivered()).isEqualTo(2);
      assertThat(engine.real.queueSize(Queue.WRAPPED_METRICS)).isZero();
      assertThat(datadog.getRequestCount()).isEqualTo(2);
    }
  }
}
