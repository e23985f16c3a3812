package io.chouette.redis;

import io.chouette.core.config.EnvReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where Redis lives, for the {@code redis} storage engine and the dramatiq collector, each of which
 * reads it from the same variables.
 *
 * <p>{@code REDIS_HOST} (default {@code redis}), {@code REDIS_PORT} (default 6379), {@code
 * REDIS_PASSWORD}, {@code REDIS_DB} (default 0) and {@code REDIS_URL}. {@code REDIS_URL} ({@code
 * redis://[[user]:password@]host[:port][/db]}, or {@code rediss://} for TLS) overrides all the
 * others.
 *
 * @param host host name or address
 * @param port TCP port, 1..65535
 * @param user ACL user name (Redis 6+), or null for the default user
 * @param password password, or null for none; never printed
 * @param database logical database index, ≥ 0
 * @param tls whether to connect with TLS ({@code rediss://})
 */
public record RedisConfig(
    String host, int port, String user, String password, int database, boolean tls) {

  public static final String DEFAULT_HOST = "redis";
  public static final int DEFAULT_PORT = 6379;

  public RedisConfig {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("blank host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (database < 0) {
      throw new IllegalArgumentException("negative database: " + database);
    }
  }

  /** A plain connection without authentication, database 0. */
  public static RedisConfig of(String host, int port) {
    return new RedisConfig(host, port, null, null, 0, false);
  }

  /**
   * Reads {@code REDIS_*} from {@code env}; throws {@link io.chouette.core.config.ConfigException}
   * listing every bad variable.
   */
  public static RedisConfig fromEnv(Map<String, String> env) {
    EnvReader reader = new EnvReader(env);
    RedisConfig config = read(reader);
    reader.throwIfProblems();
    return config;
  }

  /** Reads into {@code reader}, which collects the problems (for a caller reading more). */
  public static RedisConfig read(EnvReader reader) {
    String url = reader.raw("REDIS_URL");
    if (url != null && !url.isBlank()) {
      return fromUrl(reader, url.trim());
    }
    String host = reader.string("REDIS_HOST", DEFAULT_HOST);
    if (host.isEmpty()) {
      reader.problem("REDIS_HOST", "a host name", host);
      host = DEFAULT_HOST;
    }
    int port = reader.port("REDIS_PORT", DEFAULT_PORT, 1);
    String password = reader.raw("REDIS_PASSWORD");
    if (password != null && password.isEmpty()) {
      password = null;
    }
    int database = reader.integer("REDIS_DB", 0, 0);
    return new RedisConfig(host, port, null, password, database, false);
  }

  private static RedisConfig fromUrl(EnvReader reader, String url) {
    String expected = "redis://[[user]:password@]host[:port][/db] or rediss://...";
    RedisConfig fallback = of(DEFAULT_HOST, DEFAULT_PORT);
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      reader.problem("REDIS_URL", expected, url);
      return fallback;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("redis") && !scheme.equals("rediss") || uri.getHost() == null) {
      reader.problem("REDIS_URL", expected, url);
      return fallback;
    }
    int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
    String user = null;
    String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      if (colon < 0) {
        reader.problem("REDIS_URL", expected + " (user without password)", url);
        return fallback;
      }
      user = colon == 0 ? null : decode(userInfo.substring(0, colon));
      password = decode(userInfo.substring(colon + 1));
      if (password.isEmpty()) {
        password = null;
      }
    }
    int database = 0;
    String path = uri.getPath();
    if (path != null && path.length() > 1) {
      try {
        database = Integer.parseInt(path.substring(1));
      } catch (NumberFormatException e) {
        database = -1;
      }
      if (database < 0) {
        reader.problem("REDIS_URL", expected + " (db must be an integer >= 0)", url);
        return fallback;
      }
    }
    return new RedisConfig(uri.getHost(), port, user, password, database, scheme.equals("rediss"));
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /** One line for the startup log, without the password. */
  public String describe() {
    return (tls ? "rediss://" : "redis://")
        + (user != null ? user + "@" : "")
        + host
        + ":"
        + port
        + "/"
        + database
        + (password != null ? " (with password)" : "");
  }

  @Override
  public String toString() {
    return "RedisConfig[host="
        + host
        + ", port="
        + port
        + ", user="
        + user
        + ", password="
        + (password == null ? "null" : "***")
        + ", database="
        + database
        + ", tls="
        + tls
        + "]";
  }
}
