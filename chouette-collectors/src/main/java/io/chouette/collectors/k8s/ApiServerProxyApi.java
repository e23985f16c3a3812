package io.chouette.collectors.k8s;

import io.chouette.collectors.PluginLog;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * In-cluster mode: the same {@code /stats/summary}, reached through the API server's node proxy
 * ({@code /api/v1/nodes/<node>/proxy/stats/summary}) with fabric8's client and the pod's service
 * account. The token is read from its file on every request, so projected tokens that the kubelet
 * rotates keep working. The service account needs {@code get} on {@code nodes/proxy}.
 */
final class ApiServerProxyApi implements KubeApi {

  private final String masterUrl;
  private final Path serviceAccount;
  private final String nodeName;
  private final Duration timeout;
  private KubernetesClient client;

  /**
   * @param masterUrl {@code https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT}
   * @param serviceAccount the directory with {@code token} and {@code ca.crt}
   */
  ApiServerProxyApi(String masterUrl, Path serviceAccount, String nodeName, Duration timeout) {
    this.masterUrl = masterUrl;
    this.serviceAccount = serviceAccount;
    this.nodeName = nodeName;
    this.timeout = timeout;
  }

  private synchronized KubernetesClient client() throws IOException {
    Path token = serviceAccount.resolve("token");
    if (!Files.isReadable(token)) {
      throw new IOException("no service account token at " + token);
    }
    if (client == null) {
      Path ca = serviceAccount.resolve("ca.crt");
      int millis = (int) timeout.toMillis();
      ConfigBuilder config =
          new ConfigBuilder(Config.empty())
              .withAutoConfigure(false)
              .withMasterUrl(masterUrl)
              .withOauthTokenProvider(() -> readToken(token))
              .withConnectionTimeout(millis)
              .withRequestTimeout(millis)
              .withRequestRetryBackoffLimit(0);
      if (Files.isReadable(ca)) {
        config.withCaCertFile(ca.toString());
      }
      client = new KubernetesClientBuilder().withConfig(config.build()).build();
    }
    return client;
  }

  private static String readToken(Path token) {
    try {
      return Files.readString(token, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String statsSummary() throws IOException {
    try {
      String summary = client().raw(path());
      if (summary == null) {
        throw new IOException("the API server has no node " + nodeName + " (HTTP 404)");
      }
      return summary;
    } catch (KubernetesClientException e) {
      String reason =
          e.getCode() > 0 ? "HTTP " + e.getCode() + ": " + e.getMessage() : e.getMessage();
      throw new IOException("the API server answered " + PluginLog.abbreviate(reason), e);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private String path() {
    return "/api/v1/nodes/" + nodeName + "/proxy/stats/summary";
  }

  @Override
  public String describe() {
    return masterUrl + path();
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
