package io.chouette.core.collect;

import io.chouette.core.collect.spi.CollectorPlugin;
import io.chouette.core.metric.WrappedMetric;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Plugins whose behaviour each test scripts: per call, return metrics, throw, or hang. */
final class TestPlugins {

  private TestPlugins() {}

  static WrappedMetric gauge(String name, double value) {
    return WrappedMetric.gauge(name, List.of("plugin:test"), 1_700_000_000.5, value);
  }

  /** Runs {@code script} with the 1-based call number; counts calls, closes and overlaps. */
  static final class ScriptedPlugin implements CollectorPlugin {
    interface Script {
      List<WrappedMetric> call(int number) throws Exception;
    }

    private final String name;
    private final Script script;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();

    ScriptedPlugin(String name, Script script) {
      this.name = name;
      this.script = script;
    }

    static ScriptedPlugin returning(String name, IntFunction<List<WrappedMetric>> metrics) {
      return new ScriptedPlugin(name, metrics::apply);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public List<WrappedMetric> collect() throws Exception {
      int number = calls.incrementAndGet();
      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        return script.call(number);
      } finally {
        running.decrementAndGet();
      }
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  /**
   * Hangs on its first call until interrupted (then returns a "late" metric, which must never be
   * stored); later calls return {@code name.ok}.
   */
  static final class HangingPlugin implements CollectorPlugin {
    private final String name;
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch interrupted = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();

    HangingPlugin(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public List<WrappedMetric> collect() {
      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        if (calls.incrementAndGet() > 1) {
          return List.of(gauge(name + ".ok", 1));
        }
        started.countDown();
        try {
          new CountDownLatch(1).await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          interrupted.countDown();
        }
        return List.of(gauge(name + ".late", 1));
      } finally {
        running.decrementAndGet();
      }
    }
  }
}
