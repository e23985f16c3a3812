package io.chouette.collectors.k8s;

import static io.chouette.collectors.Fixtures.CAPTURE_INTERVAL;
import static io.chouette.core.testing.MetricValues.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chouette.collectors.CollectorPluginContractTest;
import io.chouette.collectors.Fixtures;
import io.chouette.core.collect.spi.CollectorPlugin;
import io.chouette.core.config.ConfigException;
import io.chouette.core.testing.LogCapture;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class K8sPluginTest extends CollectorPluginContractTest {

  static final String SUMMARY = Fixtures.read("k8s/k8s_response.json");
  private static final Clock CLOCK =
      Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);

  /** Answers a fixed text, or fails. */
  static final class FakeApi implements KubeApi {
    private final String answer;

    FakeApi(String answer) {
      this.answer = answer;
    }

    @Override
    public String statsSummary() throws IOException {
      if (answer == null) {
        throw new IOException("connection refused");
      }
      return answer;
    }

    @Override
    public String describe() {
      return "https://fake/stats/summary";
    }

    @Override
    public void close() {}
  }

  private static K8sPlugin plugin(String answer, Set<NodeMetric> node, Set<PodMetric> pods) {
    return new K8sPlugin(new FakeApi(answer), node, pods, CLOCK);
  }

  /** value by "metric|tags". */
  @Override
  protected String pluginName() {
    return "k8s";
  }

  @Override
  protected CollectorPlugin pluginOnFake() {
    return plugin(SUMMARY, EnumSet.allOf(NodeMetric.class), EnumSet.allOf(PodMetric.class));
  }

  @Test
  void defaultSelectionAsTheOriginal() {
    K8sPlugin plugin = (K8sPlugin) new K8sPluginProvider().create(Map.of(), CAPTURE_INTERVAL);
    Map<String, Double> values =
        values(plugin(SUMMARY, plugin.nodeMetrics(), plugin.podMetrics()).collect());

    String pod = "namespace:kube-system,pod_name:coredns-588fd544bf-8btq7";
    assertThat(values)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "Chouette.k8s.node.fs.inodesFree|node_name:nano",
                1600584.0,
                "Chouette.k8s.pod.cpu.usageNanoCores|" + pod,
                11358386.0,
                "Chouette.k8s.pod.memory.rssBytes|" + pod,
                9383936.0,
                "Chouette.k8s.pod.memory.usageBytes|" + pod,
                48947200.0,
                "Chouette.k8s.pods.running|",
                1.0));
  }

  @Test
  void everyMetricOfTheOriginalAndZerosAreKept() {
    Map<String, Double> values =
        values(
            plugin(SUMMARY, EnumSet.allOf(NodeMetric.class), EnumSet.allOf(PodMetric.class))
                .collect());

    String node = "|node_name:nano";
    String pod = "|namespace:kube-system,pod_name:coredns-588fd544bf-8btq7";
    Map<String, Double> expected = new HashMap<>();
    expected.put("Chouette.k8s.node.cpu.usageNanoCores" + node, 707151279.0);
    expected.put("Chouette.k8s.node.cpu.usageCoreNanoSeconds" + node, 460154106646.0);
    expected.put("Chouette.k8s.node.memory.rssBytes" + node, 844783616.0);
    expected.put("Chouette.k8s.node.memory.usageBytes" + node, 2397286400.0);
    expected.put("Chouette.k8s.node.memory.availableBytes" + node, 2610384896.0);
    expected.put("Chouette.k8s.node.memory.workingSetBytes" + node, 1546526720.0);
    // the node's eth0 moved no bytes: a real 0, which the original dropped
    expected.put("Chouette.k8s.node.network.rxBytes" + node, 0.0);
    expected.put("Chouette.k8s.node.network.txBytes" + node, 0.0);
    expected.put("Chouette.k8s.node.fs.inodesFree" + node, 1600584.0);
    expected.put("Chouette.k8s.node.fs.availableBytes" + node, 9003261952.0);
    expected.put("Chouette.k8s.node.fs.usedBytes" + node, 20996751360.0);
    expected.put("Chouette.k8s.pod.cpu.usageNanoCores" + pod, 11358386.0);
    expected.put("Chouette.k8s.pod.memory.rssBytes" + pod, 9383936.0);
    expected.put("Chouette.k8s.pod.memory.usageBytes" + pod, 48947200.0);
    expected.put("Chouette.k8s.pod.network.rxBytes" + pod, 296672.0);
    expected.put("Chouette.k8s.pod.network.txBytes" + pod, 63634.0);
    expected.put("Chouette.k8s.pods.running|", 1.0);
    assertThat(values).containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void noPodsIsAZeroCountAndPodsWithoutRefAreSkipped() {
    Map<String, Double> values =
        values(
            plugin(
                    "{\"node\":{\"nodeName\":\"n\"},\"pods\":[]}",
                    EnumSet.allOf(NodeMetric.class),
                    EnumSet.allOf(PodMetric.class))
                .collect());
    assertThat(values).containsExactly(Map.entry("Chouette.k8s.pods.running|", 0.0));

    values =
        values(
            plugin(
                    "{\"pods\":[{\"cpu\":{\"usageNanoCores\":5}}]}",
                    EnumSet.noneOf(NodeMetric.class),
                    EnumSet.allOf(PodMetric.class))
                .collect());
    assertThat(values).containsExactly(Map.entry("Chouette.k8s.pods.running|", 1.0));
  }

  @Test
  void badAnswersAreOneWarningAndNothingElse() {
    try (LogCapture log = LogCapture.of(K8sPlugin.class)) {
      Set<NodeMetric> node = EnumSet.allOf(NodeMetric.class);
      Set<PodMetric> pods = EnumSet.allOf(PodMetric.class);
      assertThat(plugin(null, node, pods).collect()).isEmpty();
      assertThat(plugin("<html>Unauthorized</html>", node, pods).collect()).isEmpty();
      assertThat(plugin("{\"kind\":\"Status\",\"code\":403}", node, pods).collect()).isEmpty();
      assertThat(plugin("[1,2]", node, pods).collect()).isEmpty();

      assertThat(log.warnings())
          .containsExactly(
              "k8s: could not read https://fake/stats/summary: connection refused",
              "k8s: https://fake/stats/summary answered something that is not JSON:"
                  + " <html>Unauthorized</html>",
              "k8s: https://fake/stats/summary answered JSON that is not a stats summary:"
                  + " {\"kind\":\"Status\",\"code\":403}",
              "k8s: https://fake/stats/summary answered JSON that is not a stats summary: [1,2]");
    }
  }

  @Test
  void modeFollowsTheEnvironment() throws Exception {
    K8sPluginProvider provider = new K8sPluginProvider();
    K8sPlugin kubelet =
        (K8sPlugin)
            provider.create(
                Map.of(
                    "K8S_STATS_SERVICE_IP", "10.1.18.1",
                    "K8S_CERT_PATH", "/certs/server.crt",
                    "K8S_KEY_PATH", "/certs/server.key",
                    "KUBERNETES_SERVICE_HOST", "10.152.183.1"),
                CAPTURE_INTERVAL);
    assertThat(kubelet.api()).isInstanceOf(KubeletApi.class);
    assertThat(kubelet.api().describe()).isEqualTo("https://10.1.18.1:10250/stats/summary");

    K8sPlugin inCluster =
        (K8sPlugin)
            provider.create(
                Map.of(
                    "KUBERNETES_SERVICE_HOST", "10.152.183.1",
                    "KUBERNETES_SERVICE_PORT", "443",
                    "K8S_NODE_NAME", "nano"),
                CAPTURE_INTERVAL);
    assertThat(inCluster.api()).isInstanceOf(ApiServerProxyApi.class);
    assertThat(inCluster.api().describe())
        .isEqualTo("https://10.152.183.1:443/api/v1/nodes/nano/proxy/stats/summary");

    try (LogCapture log = LogCapture.of(K8sPlugin.class)) {
      assertThat(provider.create(Map.of(), CAPTURE_INTERVAL).collect()).isEmpty();
      assertThat(
              provider
                  .create(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"), CAPTURE_INTERVAL)
                  .collect())
          .isEmpty();
      assertThat(log.warnings())
          .satisfiesExactly(
              w -> assertThat(w).contains("not configured: set K8S_CERT_PATH, K8S_KEY_PATH"),
              w -> assertThat(w).contains("K8S_NODE_NAME is not set"));
    }
  }

  @Test
  void halfAConfigurationIsAStartupError() {
    K8sPluginProvider provider = new K8sPluginProvider();

    assertThatThrownBy(() -> provider.create(Map.of("K8S_CERT_PATH", "/c.crt"), CAPTURE_INTERVAL))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly(
                        "K8S_CERT_PATH, K8S_KEY_PATH: set both (the kubelet's client certificate"
                            + " and key) or neither",
                        "K8S_STATS_SERVICE_IP: required with K8S_CERT_PATH (the IP of the node's"
                            + " kubelet)"));
    assertThatThrownBy(
            () ->
                provider.create(
                    Map.of(
                        "K8S_METRICS", "{\"pods\":[\"memory\"],\"nodes\":[\"cpu\"]}",
                        "K8S_STATS_SERVICE_PORT", "http"),
                    CAPTURE_INTERVAL))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .satisfiesExactly(
                        p -> assertThat(p).startsWith("K8S_METRICS: expected a JSON object like"),
                        p ->
                            assertThat(p)
                                .isEqualTo(
                                    "K8S_STATS_SERVICE_PORT: expected an integer >= 1, found"
                                        + " \"http\"")));
  }

  @Test
  void metricsSelectionAcceptsTheOriginalsRamName() {
    K8sPlugin plugin =
        (K8sPlugin)
            new K8sPluginProvider()
                .create(
                    Map.of("K8S_METRICS", "{\"node\":[\"ram\",\"CPU\"],\"pods\":[]}"),
                    CAPTURE_INTERVAL);
    assertThat(plugin.nodeMetrics()).containsExactlyInAnyOrder(NodeMetric.MEMORY, NodeMetric.CPU);
    assertThat(plugin.podMetrics()).isEmpty();
  }
}
