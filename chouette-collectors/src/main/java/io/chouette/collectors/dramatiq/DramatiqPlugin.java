package io.chouette.collectors.dramatiq;

import static io.chouette.collectors.Gauges.gauge;

import io.chouette.collectors.Gauges;
import io.chouette.collectors.PluginLog;
import io.chouette.core.collect.spi.CollectorPlugin;
import io.chouette.core.metric.WrappedMetric;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code dramatiq} plugin: {@code Chouette.dramatiq.queue_size} {queue} for every Redis hash
 * {@code dramatiq:<queue>.msgs}, where Dramatiq's Redis broker keeps a queue's messages.
 *
 * <p>Redis deletes a hash when its last field goes, so an emptied queue's hash disappears. A queue
 * seen once is therefore remembered and reported as 0 when its hash is gone: an empty queue is a
 * real 0, not a gap in the graph.
 */
public final class DramatiqPlugin implements CollectorPlugin {

  public static final String NAME = "dramatiq";

  static final String PATTERN = "dramatiq:*.msgs";
  private static final String PREFIX = "dramatiq:";
  private static final String SUFFIX = ".msgs";

  /** Bound on remembered queue names, should something create hashes without end. */
  static final int MAX_REMEMBERED = 1_000;

  private static final PluginLog log = new PluginLog(DramatiqPlugin.class, NAME);

  private final QueueSizes redis;
  private final Clock clock;

  /** Queues seen so far, in order of appearance; only collect() touches it. */
  private final Set<String> known = new LinkedHashSet<>();

  public DramatiqPlugin(QueueSizes redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<WrappedMetric> collect() {
    Map<String, Long> sizes;
    try {
      sizes = redis.sizes(PATTERN);
    } catch (Exception e) {
      log.warn("dramatiq: could not read queue sizes from {}: {}", redis.describe(), e.toString());
      return List.of();
    }
    double timestamp = Gauges.now(clock);
    List<WrappedMetric> metrics = new ArrayList<>(Math.max(sizes.size(), known.size()));
    Set<String> seen = new LinkedHashSet<>();
    for (Map.Entry<String, Long> entry : sizes.entrySet()) {
      String queue = queueName(entry.getKey());
      seen.add(queue);
      metrics.add(
          gauge("Chouette.dramatiq.queue_size", timestamp, entry.getValue(), "queue", queue));
    }
    for (String queue : known) {
      if (!seen.contains(queue)) {
        metrics.add(gauge("Chouette.dramatiq.queue_size", timestamp, 0, "queue", queue));
      }
    }
    for (String queue : seen) {
      if (known.size() >= MAX_REMEMBERED) {
        break;
      }
      known.add(queue);
    }
    return metrics;
  }

  /** {@code dramatiq:default.msgs} -> {@code default}. */
  static String queueName(String hash) {
    String name = hash.startsWith(PREFIX) ? hash.substring(PREFIX.length()) : hash;
    return name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
  }

  @Override
  public void close() {
    redis.close();
  }
}
