package io.chouette.collectors.k8s;

import static io.chouette.core.testing.MetricValues.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.testing.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The k8s plugin over real TLS: a MockWebServer that requires a client certificate plays the
 * kubelet, another plays the API server for the in-cluster mode. Both serve the captured summary.
 */
class K8sPluginIT {

  /** A short capture interval: a 1.6 s request timeout. */
  private static final Duration CAPTURE = Duration.ofSeconds(2);

  private static HeldCertificate clusterCa;
  private static HeldCertificate otherCa;
  private static HeldCertificate serverCertificate;

  @TempDir Path dir;
  private MockWebServer server;
  private LogCapture log;

  @BeforeAll
  static void certificates() {
    clusterCa =
        new HeldCertificate.Builder().certificateAuthority(0).commonName("cluster-ca").build();
    otherCa = new HeldCertificate.Builder().certificateAuthority(0).commonName("other-ca").build();
    serverCertificate =
        new HeldCertificate.Builder()
            .commonName("kubelet")
            .addSubjectAlternativeName("localhost")
            .addSubjectAlternativeName("127.0.0.1")
            .signedBy(clusterCa)
            .build();
  }

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    HandshakeCertificates serverSide =
        new HandshakeCertificates.Builder()
            .heldCertificate(serverCertificate, clusterCa.certificate())
            .addTrustedCertificate(clusterCa.certificate())
            .build();
    server.useHttps(serverSide.sslSocketFactory());
    log = LogCapture.of(K8sPlugin.class);
  }

  @AfterEach
  void stop() {
    server.close();
    log.close();
  }

  private static MockResponse summary() {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "application/json")
        .body(K8sPluginTest.SUMMARY)
        .build();
  }

  /** Writes a client certificate signed by {@code ca}; returns the kubelet-mode environment. */
  private Map<String, String> kubeletEnv(HeldCertificate ca, boolean pkcs1) throws IOException {
    HeldCertificate.Builder builder =
        new HeldCertificate.Builder().commonName("chouette").signedBy(ca);
    // PKCS#1 is RSA only (what kubeadm and microk8s write); PKCS#8 here carries an EC key
    HeldCertificate client = (pkcs1 ? builder.rsa2048() : builder).build();
    Path cert = Files.writeString(dir.resolve("client.crt"), client.certificatePem());
    Path key =
        Files.writeString(
            dir.resolve("client.key"),
            pkcs1 ? client.privateKeyPkcs1Pem() : client.privateKeyPkcs8Pem());
    Map<String, String> env = new HashMap<>();
    env.put("K8S_STATS_SERVICE_IP", "127.0.0.1");
    env.put("K8S_STATS_SERVICE_PORT", String.valueOf(server.getPort()));
    env.put("K8S_CERT_PATH", cert.toString());
    env.put("K8S_KEY_PATH", key.toString());
    return env;
  }

  private static List<WrappedMetric> collect(Map<String, String> env) {
    try (K8sPlugin plugin = (K8sPlugin) new K8sPluginProvider().create(env, CAPTURE)) {
      return plugin.collect();
    }
  }

  @Test
  void readsTheKubeletWithAClientCertificate() throws Exception {
    server.requireClientAuth();
    server.enqueue(summary());
    server.start();

    Map<String, Double> values = values(collect(kubeletEnv(clusterCa, true)));

    assertThat(values)
        .containsEntry("Chouette.k8s.node.fs.inodesFree|node_name:nano", 1600584.0)
        .containsEntry("Chouette.k8s.pods.running|", 1.0)
        .hasSize(5);
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/stats/summary");
    assertThat(request.getHandshake().peerPrincipal().getName()).contains("CN=chouette");
    assertThat(log.warnings()).isEmpty();
  }

  @Test
  void verifiesTheKubeletWhenGivenItsCa() throws Exception {
    server.requireClientAuth();
    server.enqueue(summary());
    server.start();
    Map<String, String> env = kubeletEnv(clusterCa, false);
    env.put(
        "K8S_CA_PATH",
        Files.writeString(dir.resolve("ca.crt"), clusterCa.certificatePem()).toString());

    assertThat(values(collect(env))).hasSize(5);

    env.put(
        "K8S_CA_PATH",
        Files.writeString(dir.resolve("other.crt"), otherCa.certificatePem()).toString());
    assertThat(collect(env)).isEmpty();
    assertThat(log.warnings())
        .singleElement()
        .asString()
        .contains("could not read https://127.0.0.1:");
  }

  @Test
  void clientCertificateTheKubeletDoesNotTrustIsOneWarning() throws Exception {
    server.requireClientAuth();
    server.start();

    assertThat(collect(kubeletEnv(otherCa, true))).isEmpty();

    assertThat(log.warnings())
        .singleElement()
        .asString()
        .startsWith("k8s: could not read https://127.0.0.1:" + server.getPort() + "/stats/summary");
  }

  @Test
  void missingOrBrokenKeyFileIsOneWarning() throws Exception {
    server.start();
    Map<String, String> env = kubeletEnv(clusterCa, true);
    env.put("K8S_KEY_PATH", dir.resolve("absent.key").toString());
    assertThat(collect(env)).isEmpty();

    Files.writeString(
        dir.resolve("broken.key"),
        "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    env.put("K8S_KEY_PATH", dir.resolve("broken.key").toString());
    assertThat(collect(env)).isEmpty();

    assertThat(log.warnings())
        .satisfiesExactly(
            w -> assertThat(w).contains("no such file: ", "absent.key"),
            w -> assertThat(w).contains("bad client certificate or key"));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void errorStatusNonJsonAndSilenceAreOneWarningEach() throws Exception {
    server.requireClientAuth();
    server.enqueue(new MockResponse.Builder().code(401).body("Unauthorized").build());
    server.enqueue(new MockResponse.Builder().body("<html>gateway</html>").build());
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    server.start();
    Map<String, String> env = kubeletEnv(clusterCa, true);

    assertThat(collect(env)).isEmpty();
    assertThat(collect(env)).isEmpty();
    long started = System.nanoTime();
    assertThat(collect(env)).isEmpty();
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(log.warnings())
        .satisfiesExactly(
            w -> assertThat(w).endsWith("the kubelet answered HTTP 401: Unauthorized"),
            w ->
                assertThat(w).endsWith("answered something that is not JSON: <html>gateway</html>"),
            w -> assertThat(w).containsIgnoringCase("timeout"));
    assertThat(took).isLessThan(Duration.ofSeconds(10)); // bounded by the 1.6 s request timeout
  }

  /** The in-cluster environment: service account files and the API server's address. */
  private Map<String, String> inClusterEnv(String token) throws IOException {
    Path account = Files.createDirectories(dir.resolve("serviceaccount"));
    Files.writeString(account.resolve("token"), token + "\n");
    Files.writeString(account.resolve("ca.crt"), clusterCa.certificatePem());
    Map<String, String> env = new HashMap<>();
    env.put("KUBERNETES_SERVICE_HOST", server.getHostName());
    env.put("KUBERNETES_SERVICE_PORT", String.valueOf(server.getPort()));
    env.put("K8S_NODE_NAME", "nano");
    env.put("K8S_SERVICE_ACCOUNT_DIR", account.toString());
    return env;
  }

  @Test
  void inClusterReadsTheSummaryThroughTheApiServerNodeProxy() throws Exception {
    server.enqueue(summary());
    server.enqueue(summary());
    server.start();
    Map<String, String> env = inClusterEnv("token-1");

    try (K8sPlugin plugin = (K8sPlugin) new K8sPluginProvider().create(env, CAPTURE)) {
      assertThat(values(plugin.collect()))
          .containsEntry("Chouette.k8s.node.fs.inodesFree|node_name:nano", 1600584.0)
          .hasSize(5);
      // the kubelet rotates projected tokens: each request reads the current one
      Files.writeString(Path.of(env.get("K8S_SERVICE_ACCOUNT_DIR"), "token"), "token-2\n");
      assertThat(plugin.collect()).hasSize(5);
    }

    RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(first.getUrl().encodedPath()).isEqualTo("/api/v1/nodes/nano/proxy/stats/summary");
    assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer token-1");
    RecordedRequest second = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(second.getHeaders().get("Authorization")).isEqualTo("Bearer token-2");
    assertThat(log.warnings()).isEmpty();
  }

  @Test
  void inClusterForbiddenOrMissingTokenIsOneWarning() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(403)
            .setHeader("Content-Type", "application/json")
            .body(
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"nodes"
                    + " \\\"nano\\\" is forbidden: cannot get resource \\\"nodes/proxy\\\"\","
                    + "\"reason\":\"Forbidden\",\"code\":403}")
            .build());
    server.start();
    Map<String, String> env = inClusterEnv("token-1");

    assertThat(collect(env)).isEmpty();
    Files.delete(Path.of(env.get("K8S_SERVICE_ACCOUNT_DIR"), "token"));
    assertThat(collect(env)).isEmpty();

    assertThat(log.warnings())
        .satisfiesExactly(
            w ->
                assertThat(w)
                    .contains("/api/v1/nodes/nano/proxy/stats/summary", "403", "nodes/proxy"),
            w -> assertThat(w).contains("no service account token at"));
  }
}
