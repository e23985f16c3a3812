package io.chouette.collectors.k8s;

import io.chouette.collectors.PluginLog;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's {@code https://<ip>:<port>/stats/summary}, authenticated with a client certificate
 * and key from PEM files. The files are read on first use and again after {@link #close()}, so a
 * renewed certificate is picked up when the plugin restarts.
 *
 * <p>Without {@code K8S_CA_PATH} the kubelet's own certificate is not verified: kubelet serving
 * certificates are usually self-signed. With it, the chain must lead to that CA; the host name is
 * still not checked, because the node is reached by IP and serving certificates often name only the
 * host.
 */
final class KubeletApi implements KubeApi {

  private static final Logger log = LoggerFactory.getLogger(KubeletApi.class);

  private final String url;
  private final Path certFile;
  private final Path keyFile;
  private final Path caFile;
  private final Duration timeout;
  private OkHttpClient client;

  /**
   * @param caFile the kubelet's CA, or null to accept any kubelet certificate
   */
  KubeletApi(String url, Path certFile, Path keyFile, Path caFile, Duration timeout) {
    this.url = url;
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.caFile = caFile;
    this.timeout = timeout;
  }

  private synchronized OkHttpClient client() throws IOException {
    if (client == null) {
      try {
        X509TrustManager trust =
            caFile == null ? new AnyCertificate() : PemKeys.trustManager(caFile);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(PemKeys.keyManagers(certFile, keyFile), new X509TrustManager[] {trust}, null);
        client =
            new OkHttpClient.Builder()
                .sslSocketFactory(tls.getSocketFactory(), trust)
                .hostnameVerifier((host, session) -> true)
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .callTimeout(timeout)
                .retryOnConnectionFailure(false)
                .build();
      } catch (GeneralSecurityException e) {
        throw new IOException("bad client certificate or key: " + e.getMessage(), e);
      } catch (NoSuchFileException e) {
        throw new IOException("no such file: " + e.getFile(), e);
      }
      if (caFile == null) {
        log.info("k8s: the kubelet's certificate is not verified; set K8S_CA_PATH to verify it");
      }
    }
    return client;
  }

  @Override
  public String statsSummary() throws IOException {
    Request request = new Request.Builder().url(url).get().build();
    OkHttpClient http = client();
    int code;
    String text;
    try (Response response = http.newCall(request).execute()) {
      ResponseBody body = response.body();
      code = response.code();
      text = body == null ? "" : body.string();
    } catch (IOException e) {
      // "timeout", "Broken pipe": say what kind of failure it was
      throw new IOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
    if (code != 200) {
      throw new IOException(
          "the kubelet answered HTTP " + code + ": " + PluginLog.abbreviate(text));
    }
    return text;
  }

  @Override
  public String describe() {
    return url;
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.connectionPool().evictAll();
      client.dispatcher().executorService().shutdown();
      client = null;
    }
  }

  /** Accepts any server certificate (no {@code K8S_CA_PATH}). */
  private static final class AnyCertificate implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
