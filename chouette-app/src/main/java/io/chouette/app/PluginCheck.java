package io.chouette.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chouette.core.collect.spi.CollectorPlugin;
import io.chouette.core.config.CollectorConfig;
import io.chouette.core.config.ConfigException;
import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.metric.WrappedMetricCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code --test}: how a user checks the collector plugins on a real node. Runs every plugin of
 * {@code COLLECTOR_PLUGINS} once (reading only the plugins' own variables and {@code
 * CAPTURE_INTERVAL}: no API key, no Redis), prints {@code {"series": [...]}} on standard output and
 * one line per plugin on standard error.
 *
 * <p>Exit status: 0 when every plugin produced series, 1 when one produced none (its warning says
 * why), 2 on a configuration error.
 */
final class PluginCheck {

  static final int EXIT_SOME_EMPTY = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PluginCheck() {}

  static int run(Map<String, String> env, PrintStream out, PrintStream err) {
    List<CollectorPlugin> plugins;
    Duration timeout;
    try {
      CollectorConfig collector = CollectorConfig.fromEnv(env);
      timeout = collector.captureInterval();
      if (collector.plugins().isEmpty()) {
        err.println("chouette --test: COLLECTOR_PLUGINS lists no plugin, nothing to test");
        return Main.EXIT_CONFIG;
      }
      plugins = create(collector, env);
    } catch (ConfigException e) {
      err.println("chouette --test: configuration error: " + e.getMessage());
      return Main.EXIT_CONFIG;
    }
    ArrayNode series = MAPPER.createArrayNode();
    boolean allProduced = true;
    for (CollectorPlugin plugin : plugins) {
      String outcome;
      try {
        List<WrappedMetric> metrics = collect(plugin, timeout);
        for (WrappedMetric metric : metrics) {
          series.add(MAPPER.readTree(WrappedMetricCodec.toJson(metric)));
        }
        outcome = metrics.isEmpty() ? "no series (see its warning)" : metrics.size() + " series";
        allProduced &= !metrics.isEmpty();
      } catch (TimeoutException e) {
        outcome = "no answer within " + timeout.toSeconds() + "s";
        allProduced = false;
      } catch (ExecutionException e) {
        outcome = "failed: " + e.getCause();
        allProduced = false;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return EXIT_SOME_EMPTY;
      } finally {
        plugin.close();
      }
      err.println(plugin.name() + ": " + outcome);
    }
    ObjectNode payload = MAPPER.createObjectNode();
    payload.set("series", series);
    out.println(payload.toPrettyString());
    out.flush();
    return allProduced ? Main.EXIT_OK : EXIT_SOME_EMPTY;
  }

  private static List<CollectorPlugin> create(CollectorConfig collector, Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    List<CollectorPlugin> plugins = Startup.createPlugins(collector, env, problems);
    if (!problems.isEmpty()) {
      plugins.forEach(CollectorPlugin::close);
      throw new ConfigException(problems);
    }
    return plugins;
  }

  /** One {@code collect()} on its own daemon thread, given up after {@code timeout}. */
  private static List<WrappedMetric> collect(CollectorPlugin plugin, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    FutureTask<List<WrappedMetric>> task = new FutureTask<>(plugin::collect);
    Thread thread = new Thread(task, "chouette-test-" + plugin.name());
    thread.setDaemon(true);
    thread.start();
    try {
      List<WrappedMetric> metrics = task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return metrics == null ? List.of() : metrics;
    } finally {
      task.cancel(true);
    }
  }
}
