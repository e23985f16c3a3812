package io.chouette.core.dogstatsd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic application traffic for the benchmark and the load generator: a fixed number of
 * contexts with a realistic type mix (65% counts, 30% gauges, 4% timings, 1% sets), each line
 * tagged like a real service, e.g. {@code load.metric.17:1|c|#env:load,service:shop,ctx:117}; or
 * distributions only, latencies in milliseconds spread over three decades, e.g. {@code
 * load.latency.17:23.41|d|#env:load,service:shop,ctx:117}.
 */
public final class DogStatsdTraffic {

  /** The Datadog clients' UDP payload limit (JDC {@code DEFAULT_UDP_MAX_PACKET_SIZE_BYTES}). */
  public static final int MAX_PACKED_BYTES = 1432;

  /** A datagram and the number of metric lines it carries. */
  public record Datagram(byte[] bytes, int lines) {}

  private final int contexts;
  private final Random random;
  private final boolean distributions;
  private int next;

  /** The type mix. */
  public DogStatsdTraffic(int contexts, long seed) {
    this(contexts, seed, false);
  }

  /** With {@code distributions}, {@code |d} lines only. */
  public DogStatsdTraffic(int contexts, long seed, boolean distributions) {
    this.contexts = contexts;
    this.random = new Random(seed);
    this.distributions = distributions;
  }

  /** The next line, without its newline; contexts are visited in turn. */
  public String nextLine() {
    int context = next++ % contexts;
    if (distributions) {
      double millis = Math.exp(random.nextGaussian() * 1.5 + 3);
      return "load.latency."
          + (context % 50)
          + ":"
          + Math.round(millis * 100) / 100.0
          + "|d|#env:load,service:shop,ctx:"
          + context;
    }
    String head = "load.metric." + (context % 50) + ":";
    String tags = "|#env:load,service:shop,ctx:" + context;
    int kind = context % 100;
    if (kind == 99) {
      return head + "user" + random.nextInt(100) + "|s" + tags;
    }
    if (kind >= 95) {
      return head + random.nextInt(1000) + "|ms" + tags;
    }
    if (kind >= 65) {
      return head + random.nextInt(10_000) + "|g" + tags;
    }
    return head + "1|c" + tags;
  }

  /** Datagrams packed as clients pack them: lines joined by newlines, at most 1432 bytes. */
  public List<Datagram> packed(int totalLines) {
    List<Datagram> datagrams = new ArrayList<>();
    StringBuilder current = new StringBuilder(MAX_PACKED_BYTES);
    int lines = 0;
    for (int i = 0; i < totalLines; i++) {
      String line = nextLine() + "\n";
      if (current.length() + line.length() > MAX_PACKED_BYTES) {
        datagrams.add(new Datagram(bytes(current), lines));
        current.setLength(0);
        lines = 0;
      }
      current.append(line);
      lines++;
    }
    if (lines > 0) {
      datagrams.add(new Datagram(bytes(current), lines));
    }
    return datagrams;
  }

  /** One line per datagram. */
  public List<Datagram> single(int totalLines) {
    List<Datagram> datagrams = new ArrayList<>(totalLines);
    for (int i = 0; i < totalLines; i++) {
      datagrams.add(new Datagram((nextLine() + "\n").getBytes(StandardCharsets.UTF_8), 1));
    }
    return datagrams;
  }

  private static byte[] bytes(StringBuilder text) {
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
