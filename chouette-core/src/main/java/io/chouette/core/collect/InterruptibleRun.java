package io.chouette.core.collect;

import io.chouette.core.metric.WrappedMetric;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * One {@code collect()} on a pool thread, which {@link #interrupt()} can interrupt while (and only
 * while) it runs. Unlike {@code FutureTask.cancel(true)}, {@link #result()} completes only when the
 * call has really returned, so the actor never starts a second call next to a hanging one.
 */
final class InterruptibleRun implements Runnable {
  private final Callable<List<WrappedMetric>> work;
  private final CompletableFuture<List<WrappedMetric>> result = new CompletableFuture<>();
  private Thread runner;
  private boolean interrupted;

  InterruptibleRun(Callable<List<WrappedMetric>> work) {
    this.work = work;
  }

  CompletableFuture<List<WrappedMetric>> result() {
    return result;
  }

  @Override
  public void run() {
    synchronized (this) {
      if (interrupted) {
        result.completeExceptionally(new CancellationException("timed out before it started"));
        return;
      }
      runner = Thread.currentThread();
    }
    List<WrappedMetric> metrics = null;
    Throwable failure = null;
    try {
      metrics = work.call();
    } catch (Throwable t) { // NOPMD: an Error is the plugin's, reported to the actor, not thrown
      failure = t;
    } finally {
      synchronized (this) {
        runner = null;
      }
      // An interrupt meant for this call must not leak into the pool thread's next task.
      Thread.interrupted();
    }
    if (failure == null) {
      result.complete(metrics);
    } else {
      result.completeExceptionally(failure);
    }
  }

  synchronized void interrupt() {
    interrupted = true;
    if (runner != null) {
      runner.interrupt();
    }
  }
}
