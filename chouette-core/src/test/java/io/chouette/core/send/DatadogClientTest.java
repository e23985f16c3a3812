package io.chouette.core.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.config.SenderConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatadogClientTest {

  static final String API_KEY = "0123456789abcdef0123456789abcdef";
  static final byte[] PAYLOAD =
      Deflate.compress("{\"series\":[]}".getBytes(StandardCharsets.UTF_8));

  MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static SenderConfig config(String... overrides) {
    Map<String, String> env = new HashMap<>();
    env.put("API_KEY", API_KEY);
    env.put("GLOBAL_TAGS", "[]");
    env.put("RELEASE_INTERVAL", "1");
    for (int i = 0; i < overrides.length; i += 2) {
      env.put(overrides[i], overrides[i + 1]);
    }
    return SenderConfig.fromEnv(env);
  }

  @Test
  void postsTheDeflatedBodyWithTheKeyInAHeaderOnly() throws Exception {
    server.enqueue(new MockResponse.Builder().code(202).body("{\"status\":\"ok\"}").build());
    try (DatadogClient client = new DatadogClient(config())) {
      DatadogClient.Response response = client.post(server.url("/api/v1/series").uri(), PAYLOAD);
      assertThat(response)
          .isEqualTo(new DatadogClient.Answered(202, "{\"status\":\"ok\"}", Optional.empty()));
      assertThat(response.verdict()).isEqualTo(DatadogClient.Verdict.ACCEPTED);
    }
    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getTarget()).isEqualTo("/api/v1/series");
    assertThat(request.getHeaders().get("DD-API-KEY")).isEqualTo(API_KEY);
    assertThat(request.getHeaders().get("Content-Encoding")).isEqualTo("deflate");
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(request.getBody().toByteArray()).isEqualTo(PAYLOAD);
    assertThat(new String(SenderHarness.inflate(PAYLOAD), StandardCharsets.UTF_8))
        .isEqualTo("{\"series\":[]}");
  }

  @ParameterizedTest
  @CsvSource({
    "200, ACCEPTED",
    "202, ACCEPTED",
    "400, REJECTED",
    "413, REJECTED",
    "403, FORBIDDEN",
    "404, MISDIRECTED",
    "301, MISDIRECTED",
    "307, MISDIRECTED",
    "408, RETRY",
    "429, RETRY",
    "500, RETRY",
    "503, RETRY",
    "401, RETRY"
  })
  void classifiesEveryAnswer(int status, DatadogClient.Verdict verdict) {
    server.enqueue(
        new MockResponse.Builder().code(status).addHeader("Location", "/elsewhere").build());
    try (DatadogClient client = new DatadogClient(config())) {
      DatadogClient.Response response = client.post(server.url("/v1/input").uri(), PAYLOAD);
      assertThat(response).isInstanceOf(DatadogClient.Answered.class);
      assertThat(((DatadogClient.Answered) response).status()).isEqualTo(status);
      assertThat(response.verdict()).isEqualTo(verdict);
    }
    // Exactly one request: no redirect followed, no silent retry of a 408.
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void readsRetryAfterInSeconds() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "42").build());
    try (DatadogClient client = new DatadogClient(config())) {
      DatadogClient.Response response = client.post(server.url("/v1/series").uri(), PAYLOAD);
      assertThat(((DatadogClient.Answered) response).retryAfter()).contains(Duration.ofSeconds(42));
    }
  }

  @Test
  void aStalledAnswerTimesOutWithinTheBound() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    try (DatadogClient client = new DatadogClient(config())) {
      long started = System.nanoTime();
      DatadogClient.Response response = client.post(server.url("/v1/series").uri(), PAYLOAD);
      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertThat(response).isInstanceOf(DatadogClient.Unanswered.class);
      assertThat(((DatadogClient.Unanswered) response).cause())
          .isEqualTo(DatadogClient.Cause.TIMEOUT);
      assertThat(response.verdict()).isEqualTo(DatadogClient.Verdict.RETRY);
      assertThat(took).isLessThan(10_000);
    }
  }

  @Test
  void aRefusedConnectionIsAConnectionFailure() throws Exception {
    MockWebServer closed = new MockWebServer();
    closed.start();
    URI url = closed.url("/v1/series").uri();
    closed.close();
    try (DatadogClient client = new DatadogClient(config())) {
      DatadogClient.Response response = client.post(url, PAYLOAD);
      assertThat(response).isInstanceOf(DatadogClient.Unanswered.class);
      assertThat(((DatadogClient.Unanswered) response).cause())
          .isEqualTo(DatadogClient.Cause.CONNECTION);
      assertThat(response.describe()).doesNotContain(API_KEY);
    }
  }

  @Test
  void tunnelsHttpsThroughTheProxyWithCredentials() throws Exception {
    HeldCertificate datadogCertificate =
        new HeldCertificate.Builder().addSubjectAlternativeName("api.datadog.invalid").build();
    HandshakeCertificates serverSide =
        new HandshakeCertificates.Builder().heldCertificate(datadogCertificate).build();
    HandshakeCertificates clientSide =
        new HandshakeCertificates.Builder()
            .addTrustedCertificate(datadogCertificate.certificate())
            .build();
    // The proxy opens the tunnel (OkHttp sends the credentials with the first CONNECT); inside
    // it, "Datadog" answers.
    server.useHttps(serverSide.sslSocketFactory());
    server.enqueue(new MockResponse.Builder().inTunnel().build());
    server.enqueue(new MockResponse.Builder().code(202).body("{}").build());
    SenderConfig config = config("HTTPS_PROXY", "http://iot:s3cret@localhost:" + server.getPort());
    OkHttpClient.Builder trusting =
        new OkHttpClient.Builder()
            .sslSocketFactory(clientSide.sslSocketFactory(), clientSide.trustManager());

    try (DatadogClient client = new DatadogClient(config, trusting)) {
      DatadogClient.Response response =
          client.post(URI.create("https://api.datadog.invalid/api/v1/series"), PAYLOAD);
      assertThat(response.verdict())
          .as(response.describe())
          .isEqualTo(DatadogClient.Verdict.ACCEPTED);
    }

    RecordedRequest connect = server.takeRequest();
    assertThat(connect.getMethod()).isEqualTo("CONNECT");
    assertThat(connect.getTarget()).isEqualTo("api.datadog.invalid:443");
    assertThat(connect.getHeaders().get("Proxy-Authorization"))
        .isEqualTo(okhttp3.Credentials.basic("iot", "s3cret"));
    // The key travels only inside the tunnel, never to the proxy in clear.
    assertThat(connect.getHeaders().get("DD-API-KEY")).isNull();
    RecordedRequest post = server.takeRequest();
    assertThat(post.getMethod()).isEqualTo("POST");
    assertThat(post.getUrl().host()).isEqualTo("api.datadog.invalid");
    assertThat(post.getHeaders().get("DD-API-KEY")).isEqualTo(API_KEY);
    assertThat(post.getHandshake()).isNotNull();
  }

  @Test
  void answersAPlainProxysChallengeWithTheCredentialsOfTheProxyUrl() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(407)
            .addHeader("Proxy-Authenticate", "Basic realm=\"proxy\"")
            .build());
    server.enqueue(new MockResponse.Builder().code(202).build());
    SenderConfig config = config("HTTPS_PROXY", "http://iot:s3cret@localhost:" + server.getPort());
    try (DatadogClient client = new DatadogClient(config)) {
      DatadogClient.Response response =
          client.post(URI.create("http://api.datadog.invalid/api/v1/series"), PAYLOAD);
      assertThat(response.verdict()).isEqualTo(DatadogClient.Verdict.ACCEPTED);
    }
    assertThat(server.takeRequest().getHeaders().get("Proxy-Authorization")).isNull();
    RecordedRequest retried = server.takeRequest();
    assertThat(retried.getTarget()).isEqualTo("http://api.datadog.invalid/api/v1/series");
    assertThat(retried.getHeaders().get("Proxy-Authorization"))
        .isEqualTo(okhttp3.Credentials.basic("iot", "s3cret"));
  }
}
