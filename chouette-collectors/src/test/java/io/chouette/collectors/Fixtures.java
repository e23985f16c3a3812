package io.chouette.collectors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Fixtures captured from real sources, under src/test/resources. */
public final class Fixtures {

  /** What providers are given as the capture interval: {@code CAPTURE_INTERVAL}'s default. */
  public static final Duration CAPTURE_INTERVAL = Duration.ofSeconds(30);

  private Fixtures() {}

  public static String read(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
