package io.chouette.collectors.k8s;

import io.chouette.collectors.PluginEnv;
import io.chouette.core.collect.spi.CollectorPlugin;
import io.chouette.core.collect.spi.CollectorPluginProvider;
import io.chouette.core.config.EnvReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates the {@code k8s} plugin and chooses where it reads the summary:
 *
 * <ol>
 *   <li><b>kubelet</b> when {@code K8S_CERT_PATH} and {@code K8S_KEY_PATH} are set: {@code
 *       https://K8S_STATS_SERVICE_IP:K8S_STATS_SERVICE_PORT/stats/summary} with that client
 *       certificate;
 *   <li><b>in-cluster</b> otherwise, when running in a pod ({@code KUBERNETES_SERVICE_HOST} is set)
 *       and {@code K8S_NODE_NAME} names the node: through the API server's node proxy with the
 *       pod's service account;
 *   <li>neither: the plugin warns on each collection and returns nothing.
 * </ol>
 *
 * A half-given configuration (a certificate without key or IP, a bad port, a bad {@code
 * K8S_METRICS}) is a startup error.
 */
public final class K8sPluginProvider implements CollectorPluginProvider {

  static final String DEFAULT_SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";
  static final Set<NodeMetric> DEFAULT_NODE = EnumSet.of(NodeMetric.INODES);
  static final Set<PodMetric> DEFAULT_PODS = EnumSet.of(PodMetric.MEMORY, PodMetric.CPU);

  @Override
  public String name() {
    return K8sPlugin.NAME;
  }

  @Override
  public CollectorPlugin create(Map<String, String> env, Duration captureInterval) {
    EnvReader reader = new EnvReader(env);
    Set<NodeMetric> node = EnumSet.copyOf(DEFAULT_NODE);
    Set<PodMetric> pods = EnumSet.copyOf(DEFAULT_PODS);
    Map<String, List<String>> metrics = reader.stringListMap("K8S_METRICS", null);
    if (metrics != null) {
      node = EnumSet.noneOf(NodeMetric.class);
      pods = EnumSet.noneOf(PodMetric.class);
      if (!readMetrics(metrics, node, pods)) {
        reader.problem(
            "K8S_METRICS",
            "a JSON object like {\"pods\":[\"memory\",\"cpu\",\"network\"],"
                + "\"node\":[\"cpu\",\"memory\",\"network\",\"filesystem\",\"inodes\"]}",
            env.get("K8S_METRICS"));
      }
    }
    Duration timeout = PluginEnv.requestTimeout(captureInterval);
    KubeApi api = api(reader, env, timeout);
    reader.throwIfProblems();
    return new K8sPlugin(api, node, pods, Clock.systemUTC());
  }

  private static boolean readMetrics(
      Map<String, List<String>> metrics, Set<NodeMetric> node, Set<PodMetric> pods) {
    for (Map.Entry<String, List<String>> entry : metrics.entrySet()) {
      for (String name : entry.getValue()) {
        switch (entry.getKey()) {
          case "node" -> {
            NodeMetric metric =
                name.equalsIgnoreCase("ram")
                    ? NodeMetric.MEMORY
                    : PluginEnv.parse(name, NodeMetric.class);
            if (metric == null) {
              return false;
            }
            node.add(metric);
          }
          case "pods" -> {
            PodMetric metric = PluginEnv.parse(name, PodMetric.class);
            if (metric == null) {
              return false;
            }
            pods.add(metric);
          }
          default -> {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static KubeApi api(EnvReader reader, Map<String, String> env, Duration timeout) {
    String cert = reader.string("K8S_CERT_PATH", "");
    String key = reader.string("K8S_KEY_PATH", "");
    String ip = reader.string("K8S_STATS_SERVICE_IP", "");
    int port = reader.port("K8S_STATS_SERVICE_PORT", 10250, 1);
    if (!cert.isEmpty() || !key.isEmpty()) {
      if (cert.isEmpty() || key.isEmpty()) {
        reader.problem(
            "K8S_CERT_PATH, K8S_KEY_PATH: set both (the kubelet's client certificate and key)"
                + " or neither");
      }
      if (ip.isEmpty()) {
        reader.problem(
            "K8S_STATS_SERVICE_IP: required with K8S_CERT_PATH (the IP of the node's kubelet)");
      }
      String ca = reader.string("K8S_CA_PATH", "");
      String host = ip.contains(":") && !ip.startsWith("[") ? "[" + ip + "]" : ip;
      return new KubeletApi(
          "https://" + host + ":" + port + "/stats/summary",
          Path.of(cert),
          Path.of(key),
          ca.isEmpty() ? null : Path.of(ca),
          timeout);
    }
    String apiHost = reader.string("KUBERNETES_SERVICE_HOST", "");
    if (apiHost.isEmpty()) {
      return new NotConfiguredApi(
          "not configured: set K8S_CERT_PATH, K8S_KEY_PATH and K8S_STATS_SERVICE_IP (kubelet),"
              + " or run Chouette in a pod with K8S_NODE_NAME set (in-cluster)");
    }
    String nodeName = reader.string("K8S_NODE_NAME", "");
    if (nodeName.isEmpty()) {
      return new NotConfiguredApi(
          "in a pod but K8S_NODE_NAME is not set: set it from the downward API (spec.nodeName),"
              + " or set K8S_CERT_PATH and K8S_KEY_PATH to read the kubelet directly");
    }
    if (!nodeName.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
      reader.problem("K8S_NODE_NAME", "a Kubernetes node name", nodeName);
    }
    String apiPort = reader.string("KUBERNETES_SERVICE_PORT", "443");
    String host = apiHost.contains(":") && !apiHost.startsWith("[") ? "[" + apiHost + "]" : apiHost;
    return new ApiServerProxyApi(
        "https://" + host + ":" + apiPort,
        Path.of(reader.string("K8S_SERVICE_ACCOUNT_DIR", DEFAULT_SERVICE_ACCOUNT)),
        nodeName,
        timeout);
  }
}
