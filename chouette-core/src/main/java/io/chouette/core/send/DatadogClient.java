package io.chouette.core.send;

import io.chouette.core.config.SenderConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Credentials;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The HTTP side of the senders: POSTs one payload (zlib-compressed JSON, or protobuf) to Datadog
 * and classifies the answer. Blocking; call it on {@code chouette.blocking-io-dispatcher}.
 *
 * <p>The API key travels in the {@code DD-API-KEY} header only, never in the URL, and never appears
 * in what this class returns or logs. Every call is bounded by {@link SenderConfig#httpTimeout()}
 * (the whole call, connection included). Redirects are not followed: Datadog does not redirect API
 * calls, so a 3xx means a wrong URL. {@code HTTPS_PROXY} / {@code NO_PROXY} are honoured (see
 * {@link ProxyRoutes}), with proxy credentials taken from the proxy URL's user info.
 */
public final class DatadogClient implements AutoCloseable {

  private static final String JSON_TYPE = "application/json";
  private static final long BODY_SNIPPET_BYTES = 512;

  /** What a non-2xx answer means for the records that were sent. */
  public enum Verdict {
    /** 2xx: Datadog has the records; delete them. */
    ACCEPTED,
    /** 400, 413: Datadog refuses this payload; split it to find the records it refuses. */
    REJECTED,
    /** 403: the API key is wrong; keep everything, an operator must act. */
    FORBIDDEN,
    /** 404 or a redirect: the URL is wrong; keep everything, an operator must act. */
    MISDIRECTED,
    /** 408, 429, 5xx, timeouts, connection errors and anything else: keep, retry later. */
    RETRY
  }

  /** Why no HTTP answer came. */
  public enum Cause {
    TIMEOUT,
    CONNECTION
  }

  /** The outcome of one POST. */
  public sealed interface Response {
    Verdict verdict();

    /** A short description for log lines: {@code HTTP 503: <body>} or {@code timeout: ...}. */
    String describe();
  }

  /**
   * Datadog answered.
   *
   * @param body the first bytes of the answer's body, for log lines
   * @param retryAfter the {@code Retry-After} header in seconds, when present
   */
  public record Answered(int status, String body, Optional<Duration> retryAfter)
      implements Response {
    @Override
    public Verdict verdict() {
      if (status >= 200 && status < 300) {
        return Verdict.ACCEPTED;
      }
      if (status == 400 || status == 413) {
        return Verdict.REJECTED;
      }
      if (status == 403) {
        return Verdict.FORBIDDEN;
      }
      if (status == 404 || (status >= 300 && status < 400)) {
        return Verdict.MISDIRECTED;
      }
      return Verdict.RETRY;
    }

    @Override
    public String describe() {
      return "HTTP " + status + (body.isBlank() ? "" : ": " + body.strip());
    }
  }

  /** No answer: the call timed out or the connection failed. Always {@link Verdict#RETRY}. */
  public record Unanswered(Cause cause, String detail) implements Response {
    @Override
    public Verdict verdict() {
      return Verdict.RETRY;
    }

    @Override
    public String describe() {
      return (cause == Cause.TIMEOUT ? "timeout" : "connection failed") + ": " + detail;
    }
  }

  private final OkHttpClient http;
  private final String apiKey;

  public DatadogClient(SenderConfig config) {
    this(config, new OkHttpClient.Builder());
  }

  /** With a pre-configured builder (a test's TLS trust, say). */
  DatadogClient(SenderConfig config, OkHttpClient.Builder builder) {
    Duration timeout = config.httpTimeout();
    builder
        .callTimeout(timeout)
        .connectTimeout(timeout)
        .readTimeout(timeout)
        .writeTimeout(timeout)
        .followRedirects(false)
        .followSslRedirects(false)
        // No silent second attempt: OkHttp would repeat a POST after a 408 or a broken pooled
        // connection within the same call; retries are the sender's, with backoff.
        .retryOnConnectionFailure(false)
        // Connections are reused between the bulks of one tick; ticks are a minute apart by
        // default, longer than servers and mobile NATs keep an idle connection, so a pooled
        // connection is dropped early rather than found dead on the next tick.
        .connectionPool(new ConnectionPool(2, 10, TimeUnit.SECONDS));
    config
        .httpsProxy()
        .ifPresent(
            proxyUrl -> {
              builder.proxySelector(new ProxyRoutes(proxyUrl, config.noProxy()));
              String userInfo = proxyUrl.getUserInfo();
              if (userInfo != null && !userInfo.isEmpty()) {
                int colon = userInfo.indexOf(':');
                String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
                String password = colon < 0 ? "" : userInfo.substring(colon + 1);
                String credentials = Credentials.basic(user, password);
                builder.proxyAuthenticator(
                    (route, response) ->
                        response.request().header("Proxy-Authorization") != null
                            ? null // these credentials were refused already
                            : response
                                .request()
                                .newBuilder()
                                .header("Proxy-Authorization", credentials)
                                .build());
              }
            });
    this.http = builder.build();
    this.apiKey = config.apiKey();
  }

  /** POSTs {@code deflatedJson} (zlib-compressed JSON) to {@code url}. Never throws on I/O. */
  public Response post(URI url, byte[] deflatedJson) {
    return post(url, deflatedJson, JSON_TYPE, true);
  }

  /**
   * POSTs {@code body} of media type {@code contentType} to {@code url}; {@code deflated} says the
   * body is zlib-compressed. Never throws on I/O.
   */
  public Response post(URI url, byte[] body, String contentType, boolean deflated) {
    Request.Builder builder =
        new Request.Builder()
            .url(url.toString())
            .header("DD-API-KEY", apiKey)
            .header("User-Agent", "chouette");
    if (deflated) {
      builder.header("Content-Encoding", "deflate");
    }
    Request request = builder.post(RequestBody.create(body, MediaType.get(contentType))).build();
    try (okhttp3.Response response = http.newCall(request).execute()) {
      String snippet = response.peekBody(BODY_SNIPPET_BYTES).string();
      return new Answered(response.code(), snippet, retryAfter(response.header("Retry-After")));
    } catch (InterruptedIOException e) {
      return new Unanswered(Cause.TIMEOUT, "no answer within " + timeoutText());
    } catch (IOException e) {
      return new Unanswered(Cause.CONNECTION, String.valueOf(e.getMessage()));
    }
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private String timeoutText() {
    return http.callTimeoutMillis() + " ms";
  }

  private static Optional<Duration> retryAfter(String header) {
    if (header == null) {
      return Optional.empty();
    }
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty(); // an HTTP date: rare from Datadog, the normal backoff applies
    }
  }
}
