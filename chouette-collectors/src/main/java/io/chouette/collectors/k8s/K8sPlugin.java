package io.chouette.collectors.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chouette.collectors.Gauges;
import io.chouette.collectors.PluginLog;
import io.chouette.core.collect.spi.CollectorPlugin;
import io.chouette.core.metric.WrappedMetric;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * The {@code k8s} plugin: node and pod statistics from the kubelet's Summary API, node metrics
 * tagged {node_name}, pod metrics tagged {namespace, pod_name}, plus {@code
 * Chouette.k8s.pods.running}.
 */
public final class K8sPlugin implements CollectorPlugin {

  public static final String NAME = "k8s";

  private static final PluginLog log = new PluginLog(K8sPlugin.class, NAME);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final KubeApi api;
  private final Set<NodeMetric> node;
  private final Set<PodMetric> pods;
  private final Clock clock;

  public K8sPlugin(KubeApi api, Set<NodeMetric> node, Set<PodMetric> pods, Clock clock) {
    this.api = api;
    this.node = Set.copyOf(node);
    this.pods = Set.copyOf(pods);
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Where the summary comes from. */
  public KubeApi api() {
    return api;
  }

  public Set<NodeMetric> nodeMetrics() {
    return node;
  }

  public Set<PodMetric> podMetrics() {
    return pods;
  }

  @Override
  public List<WrappedMetric> collect() {
    String text;
    try {
      text = api.statsSummary();
    } catch (IOException e) {
      log.warn("k8s: could not read {}: {}", api.describe(), e.getMessage());
      return List.of();
    }
    JsonNode summary;
    try {
      summary = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      log.warn(
          "k8s: {} answered something that is not JSON: {}",
          api.describe(),
          PluginLog.abbreviate(text));
      return List.of();
    }
    if (summary == null || !summary.isObject() || !(summary.has("node") || summary.has("pods"))) {
      log.warn(
          "k8s: {} answered JSON that is not a stats summary: {}",
          api.describe(),
          PluginLog.abbreviate(text));
      return List.of();
    }
    return StatsSummary.metrics(summary, node, pods, Gauges.now(clock));
  }

  @Override
  public void close() {
    api.close();
  }
}
