package io.chouette.core.collect;

import static io.chouette.core.collect.TestPlugins.gauge;
import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.metric.WrappedMetric;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class InterruptibleRunTest {

  @Test
  void completesWithWhatTheCallReturned() throws Exception {
    InterruptibleRun run = new InterruptibleRun(() -> List.of(gauge("m", 1)));

    run.run();

    assertThat(run.result().get()).containsExactly(gauge("m", 1));
  }

  @Test
  void anErrorOfTheCallIsTheResultNotThrown() {
    AssertionError broken = new AssertionError("broken plugin");
    InterruptibleRun run =
        new InterruptibleRun(
            () -> {
              throw broken;
            });

    run.run();

    assertThat(run.result())
        .failsWithin(0, TimeUnit.SECONDS)
        .withThrowableThat()
        .havingCause()
        .isSameAs(broken);
  }

  @Test
  void interruptedBeforeItStartsNeverCalls() {
    InterruptibleRun run =
        new InterruptibleRun(
            () -> {
              throw new IllegalStateException("must not be called");
            });

    run.interrupt();
    run.run();

    // completed with a CancellationException: the actor reports it like any failed run
    assertThat(run.result()).isCancelled();
  }

  @Test
  void interruptReachesTheRunningCallAndDoesNotLeakIntoTheThread() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    InterruptibleRun run =
        new InterruptibleRun(
            () -> {
              started.countDown();
              // a source that notices the interrupt and returns, leaving the flag set
              while (!Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(1_000_000);
              }
              return List.<WrappedMetric>of();
            });
    AtomicBoolean interruptLeaked = new AtomicBoolean();
    Thread pool =
        new Thread(
            () -> {
              run.run();
              interruptLeaked.set(Thread.currentThread().isInterrupted());
            });
    pool.start();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    run.interrupt();
    pool.join(10_000);

    assertThat(run.result()).isCompletedWithValue(List.of());
    assertThat(interruptLeaked).isFalse();
  }
}
