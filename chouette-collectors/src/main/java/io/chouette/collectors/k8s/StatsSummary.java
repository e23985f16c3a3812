package io.chouette.collectors.k8s;

import static io.chouette.collectors.Gauges.gauge;

import com.fasterxml.jackson.databind.JsonNode;
import io.chouette.core.metric.WrappedMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns the kubelet's Summary API answer ({@code /stats/summary}, {@code
 * k8s.io/kubelet/pkg/apis/stats/v1alpha1.Summary}) into {@code Chouette.k8s.*} metrics. A field the
 * kubelet left out is left out; a 0 is reported.
 */
final class StatsSummary {

  private static final String NODE = "Chouette.k8s.node";
  private static final String POD = "Chouette.k8s.pod";

  private StatsSummary() {}

  static List<WrappedMetric> metrics(
      JsonNode summary, Set<NodeMetric> node, Set<PodMetric> pods, double timestamp) {
    List<WrappedMetric> metrics = new ArrayList<>();
    nodeMetrics(summary.path("node"), node, timestamp, metrics);
    JsonNode podList = summary.path("pods");
    if (podList.isArray()) {
      for (JsonNode pod : podList) {
        podMetrics(pod, pods, timestamp, metrics);
      }
      metrics.add(gauge("Chouette.k8s.pods.running", timestamp, podList.size()));
    }
    return metrics;
  }

  private static void nodeMetrics(
      JsonNode node, Set<NodeMetric> chosen, double timestamp, List<WrappedMetric> out) {
    if (!node.isObject()) {
      return;
    }
    String[] tags =
        node.path("nodeName").isTextual()
            ? new String[] {"node_name", node.path("nodeName").asText()}
            : new String[0];
    Emitter emit = new Emitter(out, timestamp, tags);
    if (chosen.contains(NodeMetric.CPU)) {
      emit.value(NODE + ".cpu.usageNanoCores", node.path("cpu").path("usageNanoCores"));
      emit.value(NODE + ".cpu.usageCoreNanoSeconds", node.path("cpu").path("usageCoreNanoSeconds"));
    }
    if (chosen.contains(NodeMetric.MEMORY)) {
      JsonNode memory = node.path("memory");
      emit.value(NODE + ".memory.rssBytes", memory.path("rssBytes"));
      emit.value(NODE + ".memory.usageBytes", memory.path("usageBytes"));
      emit.value(NODE + ".memory.availableBytes", memory.path("availableBytes"));
      emit.value(NODE + ".memory.workingSetBytes", memory.path("workingSetBytes"));
    }
    if (chosen.contains(NodeMetric.NETWORK)) {
      emit.value(NODE + ".network.rxBytes", node.path("network").path("rxBytes"));
      emit.value(NODE + ".network.txBytes", node.path("network").path("txBytes"));
    }
    if (chosen.contains(NodeMetric.INODES)) {
      emit.value(NODE + ".fs.inodesFree", node.path("fs").path("inodesFree"));
    }
    if (chosen.contains(NodeMetric.FILESYSTEM)) {
      emit.value(NODE + ".fs.availableBytes", node.path("fs").path("availableBytes"));
      emit.value(NODE + ".fs.usedBytes", node.path("fs").path("usedBytes"));
    }
  }

  private static void podMetrics(
      JsonNode pod, Set<PodMetric> chosen, double timestamp, List<WrappedMetric> out) {
    JsonNode ref = pod.path("podRef");
    if (!ref.path("namespace").isTextual() || !ref.path("name").isTextual()) {
      return;
    }
    Emitter emit =
        new Emitter(
            out,
            timestamp,
            new String[] {
              "namespace", ref.path("namespace").asText(), "pod_name", ref.path("name").asText()
            });
    if (chosen.contains(PodMetric.CPU)) {
      emit.value(POD + ".cpu.usageNanoCores", pod.path("cpu").path("usageNanoCores"));
    }
    if (chosen.contains(PodMetric.MEMORY)) {
      emit.value(POD + ".memory.rssBytes", pod.path("memory").path("rssBytes"));
      emit.value(POD + ".memory.usageBytes", pod.path("memory").path("usageBytes"));
    }
    if (chosen.contains(PodMetric.NETWORK)) {
      emit.value(POD + ".network.rxBytes", pod.path("network").path("rxBytes"));
      emit.value(POD + ".network.txBytes", pod.path("network").path("txBytes"));
    }
  }

  /** Adds a gauge for a numeric field; skips a missing or non-numeric one. */
  private record Emitter(List<WrappedMetric> out, double timestamp, String[] tags) {
    void value(String metric, JsonNode field) {
      if (field.isNumber()) {
        out.add(gauge(metric, timestamp, field.asDouble(), tags));
      }
    }
  }
}
