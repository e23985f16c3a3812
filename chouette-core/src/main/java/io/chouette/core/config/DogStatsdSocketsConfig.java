package io.chouette.core.config;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The DogStatsD Unix socket transports.
 *
 * @param datagram {@code DOGSTATSD_SOCKET}: path of the Unix datagram socket, null = off
 * @param stream {@code DOGSTATSD_STREAM_SOCKET}: path of the Unix stream socket, null = off
 * @param mode {@code DOGSTATSD_SOCKET_MODE}: permission bits of both socket files (default 0722, as
 *     the Agent: every user of the node may write)
 */
public record DogStatsdSocketsConfig(Path datagram, Path stream, int mode) {

  /** Default {@code DOGSTATSD_SOCKET_MODE}. */
  public static final int DEFAULT_MODE = 0722;

  /** No Unix socket. */
  public static final DogStatsdSocketsConfig NONE =
      new DogStatsdSocketsConfig(null, null, DEFAULT_MODE);

  private static final Pattern OCTAL_MODE = Pattern.compile("0?[0-7]{3}");

  public boolean any() {
    return datagram != null || stream != null;
  }

  static DogStatsdSocketsConfig read(EnvReader env) {
    Path datagram = path(env, "DOGSTATSD_SOCKET");
    Path stream = path(env, "DOGSTATSD_STREAM_SOCKET");
    if (datagram != null && datagram.equals(stream)) {
      env.problem(
          "DOGSTATSD_STREAM_SOCKET",
          "a path other than DOGSTATSD_SOCKET's",
          String.valueOf(stream));
    }
    String modeText = env.string("DOGSTATSD_SOCKET_MODE", "0722").trim();
    int mode = DEFAULT_MODE;
    if (OCTAL_MODE.matcher(modeText).matches()) {
      mode = Integer.parseInt(modeText, 8);
    } else {
      env.problem("DOGSTATSD_SOCKET_MODE", "octal permission bits such as 0722", modeText);
    }
    return new DogStatsdSocketsConfig(datagram, stream, mode);
  }

  private static Path path(EnvReader env, String key) {
    String value = env.string(key, "").trim();
    if (value.isEmpty()) {
      return null;
    }
    // The Agent's form is accepted too, as in DD_DOGSTATSD_URL.
    String path = value.startsWith("unix://") ? value.substring("unix://".length()) : value;
    if (!path.startsWith("/")) {
      env.problem(key, "an absolute path to a socket file", value);
      return null;
    }
    if (path.length() > 107) { // sun_path holds 108 bytes, NUL included
      env.problem(key, "a path of at most 107 characters", value);
      return null;
    }
    return Path.of(path);
  }
}
