package io.chouette.core.collect;

import static io.chouette.core.collect.TestPlugins.gauge;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.chouette.core.BlockingIo;
import io.chouette.core.collect.TestPlugins.HangingPlugin;
import io.chouette.core.collect.TestPlugins.ScriptedPlugin;
import io.chouette.core.collect.spi.CollectorPlugin;
import io.chouette.core.config.CollectorConfig;
import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.metric.WrappedMetricCodec;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import io.chouette.core.storage.StoredKey;
import io.chouette.core.storage.StoredRecord;
import io.chouette.core.storage.memory.MemoryStorageEngine;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The collector with real plugin actors and a real Storage actor over the memory engine. Timeouts
 * and back-offs run on {@link ManualTime}; plugin calls run on the real blocking dispatcher.
 */
class MetricsCollectorTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load()));
  private static final ManualTime manualTime = ManualTime.get(testKit.system());

  private static final Duration INTERVAL = Duration.ofSeconds(30);
  private static final CollectorConfig CONFIG = new CollectorConfig(List.of(), INTERVAL);
  private static final PluginActor.Backoff BACKOFF =
      new PluginActor.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMinutes(1));
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final MemoryStorageEngine engine = new MemoryStorageEngine();
  private final ActorRef<StorageActor.Command> storage =
      testKit.spawn(StorageActor.create(engine), BlockingIo.dispatcher());

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private ActorRef<MetricsCollector.Command> collector(CollectorPlugin... plugins) {
    return testKit.spawn(
        MetricsCollector.create(CONFIG, List.of(plugins), storage, Clock.systemUTC(), BACKOFF));
  }

  /** Stored metric names with how many records each has. */
  private Map<String, Long> storedNames() {
    return storedMetrics().stream()
        .collect(Collectors.groupingBy(WrappedMetric::metric, Collectors.counting()));
  }

  private List<WrappedMetric> storedMetrics() {
    List<String> keys =
        engine.collectKeys(Queue.WRAPPED_METRICS, 0).stream().map(StoredKey::key).toList();
    return engine.collectValues(Queue.WRAPPED_METRICS, keys).stream()
        .map(record -> WrappedMetricCodec.parse(record.json()).orElseThrow())
        .toList();
  }

  private void awaitStored(String name, long count) {
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(WAIT, () -> assertThat(storedNames()).containsEntry(name, count));
  }

  @Test
  void storesEveryPluginsGaugesInTheWrappedQueue() {
    WrappedMetric cpu = WrappedMetric.gauge("Chouette.host.cpu.percentage", List.of(), 1.7e9, 12.5);
    WrappedMetric queue =
        WrappedMetric.gauge("Chouette.dramatiq.queue_size", List.of("queue:default"), 1.7e9 + 1, 0);
    ScriptedPlugin host = ScriptedPlugin.returning("host", n -> List.of(cpu));
    ScriptedPlugin dramatiq = ScriptedPlugin.returning("dramatiq", n -> List.of(queue));
    ActorRef<MetricsCollector.Command> collector = collector(host, dramatiq);

    collector.tell(MetricsCollector.Collect.INSTANCE);

    awaitStored("Chouette.host.cpu.percentage", 1);
    awaitStored("Chouette.dramatiq.queue_size", 1);
    List<StoredKey> keys = engine.collectKeys(Queue.WRAPPED_METRICS, 0);
    assertThat(keys).extracting(StoredKey::timestamp).containsExactly(1.7e9, 1.7e9 + 1);
    List<StoredRecord> records =
        engine.collectValues(Queue.WRAPPED_METRICS, keys.stream().map(StoredKey::key).toList());
    // a zero is a real value (the original dropped it)
    assertThat(records)
        .extracting(StoredRecord::json)
        .containsExactly(WrappedMetricCodec.toJson(cpu), WrappedMetricCodec.toJson(queue));
    testKit.stop(collector);
  }

  @Test
  void throwingPluginIsRestartedWithBackoffAndOthersAreUnaffected() {
    ScriptedPlugin steady = ScriptedPlugin.returning("steady", n -> List.of(gauge("steady", n)));
    ScriptedPlugin flaky =
        new ScriptedPlugin(
            "flaky",
            n -> {
              if (n == 1) {
                throw new IllegalStateException("bug in plugin");
              }
              return List.of(gauge("flaky", n));
            });
    ActorRef<MetricsCollector.Command> collector = collector(steady, flaky);

    LoggingTestKit.warn("plugin flaky failed")
        .expect(
            testKit.system(),
            () -> {
              collector.tell(MetricsCollector.Collect.INSTANCE);
              return null;
            });
    awaitStored("steady", 1);
    // closed before the restart, so that it reconnects lazily
    testKit.createTestProbe().awaitAssert(WAIT, () -> assertThat(flaky.closes).hasValue(1));

    manualTime.timePasses(BACKOFF.max());
    collector.tell(MetricsCollector.Collect.INSTANCE);

    awaitStored("steady", 2);
    awaitStored("flaky", 1);
    assertThat(flaky.calls).hasValue(2);
    testKit.stop(collector);
  }

  @Test
  void hangingPluginIsReportedAndSkippedForTheTick() throws InterruptedException {
    HangingPlugin slow = new HangingPlugin("slow");
    ScriptedPlugin fast = ScriptedPlugin.returning("fast", n -> List.of(gauge("fast", n)));
    ActorRef<MetricsCollector.Command> collector = collector(slow, fast);

    collector.tell(MetricsCollector.Collect.INSTANCE);
    assertThat(slow.started.await(10, TimeUnit.SECONDS)).isTrue();
    awaitStored("fast", 1);

    // a tick while it still runs does not start a second call next to the hanging one
    LoggingTestKit.warn("plugin slow is still collecting")
        .expect(
            testKit.system(),
            () -> {
              collector.tell(MetricsCollector.Collect.INSTANCE);
              return null;
            });
    awaitStored("fast", 2);

    LoggingTestKit.warn("plugin slow did not answer within 30s")
        .expect(
            testKit.system(),
            () -> {
              manualTime.timePasses(INTERVAL);
              return null;
            });
    assertThat(slow.interrupted.await(10, TimeUnit.SECONDS)).isTrue();

    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(
        WAIT,
        () -> {
          collector.tell(MetricsCollector.Collect.INSTANCE);
          return assertThat(storedNames()).containsKey("slow.ok");
        });
    assertThat(storedNames()).doesNotContainKey("slow.late");
    assertThat(slow.maxRunning).hasValue(1);
    testKit.stop(collector);
  }

  @Test
  void pluginThatThrowsAnErrorIsStoppedAndDropped() {
    ScriptedPlugin broken =
        new ScriptedPlugin(
            "broken",
            n -> {
              throw new NoClassDefFoundError("com/example/Missing");
            });
    ScriptedPlugin steady = ScriptedPlugin.returning("steady", n -> List.of(gauge("steady", n)));
    ActorRef<MetricsCollector.Command> collector = collector(broken, steady);

    LoggingTestKit.error("plugin broken stopped and is dropped; still collecting from [steady]")
        .expect(
            testKit.system(),
            () -> {
              collector.tell(MetricsCollector.Collect.INSTANCE);
              return null;
            });
    collector.tell(MetricsCollector.Collect.INSTANCE);

    awaitStored("steady", 2);
    assertThat(broken.calls).hasValue(1);
    testKit.stop(collector);
  }

  @Test
  void nonFiniteValuesAreDroppedAndTheRestIsStored() {
    ScriptedPlugin odd =
        ScriptedPlugin.returning(
            "odd",
            n ->
                List.of(
                    gauge("odd.nan", Double.NaN),
                    gauge("odd.inf", Double.POSITIVE_INFINITY),
                    gauge("odd.fine", 3)));
    ActorRef<MetricsCollector.Command> collector = collector(odd);

    LoggingTestKit.warn("plugin odd returned 2 metrics with a value or timestamp that is not")
        .expect(
            testKit.system(),
            () -> {
              collector.tell(MetricsCollector.Collect.INSTANCE);
              return null;
            });

    awaitStored("odd.fine", 1);
    assertThat(storedNames()).containsOnlyKeys("odd.fine");
    testKit.stop(collector);
  }

  @Test
  void storageFailureIsLoggedAndTheCollectorGoesOn() {
    TestProbe<StorageActor.Command> failingStorage = testKit.createTestProbe();
    ScriptedPlugin host = ScriptedPlugin.returning("host", n -> List.of(gauge("host", n)));
    ActorRef<MetricsCollector.Command> collector =
        testKit.spawn(
            MetricsCollector.create(
                CONFIG, List.of(host), failingStorage.ref(), Clock.systemUTC(), BACKOFF));

    collector.tell(MetricsCollector.Collect.INSTANCE);
    StorageActor.StoreRecords store =
        failingStorage.expectMessageClass(StorageActor.StoreRecords.class);
    assertThat(store.queue()).isEqualTo(Queue.WRAPPED_METRICS);
    assertThat(store.records()).hasSize(1);
    LoggingTestKit.warn("could not store 1 metrics from plugin host: redis down")
        .expect(
            testKit.system(),
            () -> {
              store.replyTo().tell(new StorageActor.Failed("storeRecords", "redis down"));
              return null;
            });

    collector.tell(MetricsCollector.Collect.INSTANCE);
    failingStorage.expectMessageClass(StorageActor.StoreRecords.class);
    testKit.stop(collector);
  }

  @Test
  void pluginListedTwiceRunsOnce() {
    ScriptedPlugin first = ScriptedPlugin.returning("twin", n -> List.of(gauge("twin.first", n)));
    ScriptedPlugin second = ScriptedPlugin.returning("twin", n -> List.of(gauge("twin.second", n)));
    ActorRef<MetricsCollector.Command> collector =
        LoggingTestKit.warn("plugin twin is listed twice")
            .expect(testKit.system(), () -> collector(first, second));

    collector.tell(MetricsCollector.Collect.INSTANCE);

    awaitStored("twin.first", 1);
    assertThat(second.calls).hasValue(0);
    testKit.stop(collector);
  }
}
