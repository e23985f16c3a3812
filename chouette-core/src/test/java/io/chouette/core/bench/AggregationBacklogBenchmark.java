package io.chouette.core.bench;

import io.chouette.core.aggregate.ClosedBucketSource;
import io.chouette.core.aggregate.DatadogWrapper;
import io.chouette.core.aggregate.MetricsAggregator;
import io.chouette.core.config.AggregatorConfig;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageActor;
import io.chouette.core.storage.StorageEngine;
import io.chouette.core.storage.memory.MemoryStorageEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A backlog run: N raw records (an hour's worth, 100 contexts) preloaded into a store, then the
 * real MetricsAggregator actor ticked until the raw queue is empty. Prints records/s and the heap.
 *
 * <pre>
 * java -Xmx640m -cp "$(cat cp.txt):chouette-core/target/classes:chouette-core/target/test-classes" \
 *     io.chouette.core.bench.AggregationBacklogBenchmark 1000000
 * </pre>
 */
public final class AggregationBacklogBenchmark {
  private AggregationBacklogBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    run(new MemoryStorageEngine(), records, "memory");
  }

  /** Preloads {@code records} raw metrics into {@code engine} and aggregates them all. */
  public static void run(StorageEngine engine, int records, String label) throws Exception {
    long loadStarted = System.nanoTime();
    preload(engine, records);
    double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
    System.gc();
    long heapAfterLoad = usedHeap();

    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bench");
    ActorRef<MetricsAggregator.Command> aggregator = startAggregator(system, engine);
    LiveHeapSampler sampler = new LiveHeapSampler();
    sampler.start();
    long started = System.nanoTime();
    drain(system, engine, aggregator);
    double seconds = (System.nanoTime() - started) / 1e9;
    long peakLiveHeap = sampler.halt();
    System.out.printf(
        "%s: %,d raw records aggregated into %,d series in %.2f s = %,.0f records/s (preload %.1f"
            + " s)%n",
        label,
        records,
        engine.queueSize(Queue.WRAPPED_METRICS),
        seconds,
        records / seconds,
        loadSeconds);
    System.out.printf(
        "heap: max %d MiB, live after preload %d MiB, peak live (after a GC) while aggregating %d"
            + " MiB%n",
        Runtime.getRuntime().maxMemory() >> 20, heapAfterLoad >> 20, peakLiveHeap >> 20);
    system.terminate();
    engine.close();
  }

  /**
   * Stores the backlog workload: {@code records} raw metrics over the last hour (99 contexts, a
   * third each histogram, count, gauge), 10,000 per store call.
   */
  public static void preload(StorageEngine engine, int records) {
    double now = System.currentTimeMillis() / 1000.0;
    double start = Math.floor(now / 10) * 10 - 3600;
    int chunk = 10_000;
    for (int offset = 0; offset < records; offset += chunk) {
      List<NewRecord> batch = new ArrayList<>(chunk);
      for (int i = offset; i < Math.min(records, offset + chunk); i++) {
        double ts = start + 3590.0 * i / records;
        String type = (i % 3 == 0) ? "histogram" : (i % 3 == 1) ? "count" : "gauge";
        String json =
            "{\"metric\": \"bench."
                + type
                + "\", \"type\": \""
                + type
                + "\", \"value\": "
                + (i % 97)
                + ", \"timestamp\": "
                + ts
                + ", \"tags\": {\"ctx\": \"c"
                + (i % 33)
                + "\", \"env\": \"bench\"}}";
        batch.add(new NewRecord(ts, json));
      }
      engine.storeRecords(Queue.RAW_METRICS, batch);
    }
  }

  /** The real Storage actor on {@code engine} and a MetricsAggregator with the datadog wrapper. */
  public static ActorRef<MetricsAggregator.Command> startAggregator(
      ActorSystem<?> system, StorageEngine engine) {
    AggregatorConfig config =
        new AggregatorConfig(
            Duration.ofSeconds(10),
            Duration.ofHours(4),
            "datadog",
            AggregatorConfig.DEFAULT_AGGREGATES,
            AggregatorConfig.DEFAULT_PERCENTILES);
    ActorRef<StorageActor.Command> storage =
        system.systemActorOf(StorageActor.create(engine), "storage", Props.empty());
    return system.systemActorOf(
        MetricsAggregator.create(
            config,
            new DatadogWrapper(config),
            storage,
            ClosedBucketSource.NONE,
            Clock.systemUTC(),
            false),
        "aggregator",
        Props.empty());
  }

  /** Ticks the aggregator until the raw queue is empty. */
  public static void drain(
      ActorSystem<?> system, StorageEngine engine, ActorRef<MetricsAggregator.Command> aggregator) {
    while (engine.queueSize(Queue.RAW_METRICS) > 0) {
      AskPattern.ask(
              aggregator,
              MetricsAggregator.AggregateNow::new,
              Duration.ofMinutes(10),
              system.scheduler())
          .toCompletableFuture()
          .join();
    }
  }

  static long usedHeap() {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        used += pool.getUsage().getUsed();
      }
    }
    return used;
  }
}
