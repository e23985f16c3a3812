package io.chouette.core.dogstatsd;

import static org.assertj.core.api.Assertions.assertThat;

import com.timgroup.statsd.Event;
import com.timgroup.statsd.NonBlockingStatsDClientBuilder;
import com.timgroup.statsd.ServiceCheck;
import com.timgroup.statsd.StatsDClient;
import io.chouette.core.config.DogStatsdConfig;
import io.chouette.core.config.DogStatsdSocketsConfig;
import io.chouette.core.config.OriginDetectionConfig;
import io.chouette.core.metric.MergedMetric;
import io.chouette.core.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Datadog Java client over the Unix datagram socket ({@code unix://}, through
 * jnr-unixsocket) and the Unix stream socket ({@code unixstream://}, length-framed): the same
 * application traffic aggregates into the same series, events and service checks as over UDP, and
 * each transport counts its packets under its own tag.
 */
class DogStatsdUnixSocketsIT {

  private static final long T0 = 1_600_000_000L;

  @TempDir Path dir;

  @Test
  void unixDatagramAndStreamSocketsAggregateAsUdp() throws Exception {
    Path datagram = dir.resolve("dsd.socket");
    Path stream = dir.resolve("dsd-stream.socket");
    DogStatsdConfig config =
        new DogStatsdConfig(
            "127.0.0.1",
            0,
            DogStatsdConfig.DEFAULT_RECEIVE_BUFFER_BYTES,
            1_000,
            DogStatsdConfig.Distributions.HISTOGRAM,
            new DogStatsdSocketsConfig(datagram, stream, DogStatsdSocketsConfig.DEFAULT_MODE),
            OriginDetectionConfig.OFF);

    List<MergedMetric> overUdp = null;
    for (String transport : List.of("udp", "unix", "unixstream")) {
      MutableClock clock = MutableClock.atSeconds(T0 + 5);
      DogStatsdBuckets buckets =
          new DogStatsdBuckets(
              Duration.ofSeconds(10), 1_000, true, clock, DogStatsdConfig.Distributions.HISTOGRAM);
      DogStatsdListeners listeners =
          DogStatsdListeners.start(config, true, buckets).get(10, TimeUnit.SECONDS);
      try {
        String address =
            transport.equals("udp")
                ? "udp://127.0.0.1:" + listeners.udpAddress().orElseThrow().getPort()
                : transport + "://" + (transport.equals("unix") ? datagram : stream);
        sendApplicationTraffic(address);
        awaitEvents(buckets, 1);
        assertThat(buckets.totals().serviceChecks()).isEqualTo(1);
        assertThat(buckets.totals().parseErrors()).isZero();
        List<MergedMetric> series = buckets.drainClosed(Double.POSITIVE_INFINITY, true);
        DogStatsdTransport sentOver =
            transport.equals("udp")
                ? DogStatsdTransport.UDP
                : transport.equals("unix") ? DogStatsdTransport.UDS : DogStatsdTransport.UDS_STREAM;
        assertThat(buckets.totals().get(sentOver, DogStatsdStat.PACKETS))
            .isEqualTo(buckets.totals().packets());
        List<MergedMetric> selfMetrics =
            series.stream().filter(m -> m.name().startsWith("chouette.dogstatsd.")).toList();
        assertThat(selfMetrics)
            .extracting(MergedMetric::name)
            .contains(
                "chouette.dogstatsd.packets",
                "chouette.dogstatsd.metric_lines",
                "chouette.dogstatsd.samples",
                "chouette.dogstatsd.events",
                "chouette.dogstatsd.service_checks");
        assertThat(selfMetrics)
            .allSatisfy(m -> assertThat(m.tags()).endsWith("transport:" + sentOver.tag()));
        List<MergedMetric> application = applicationSeries(series);
        assertThat(application).hasSize(6);
        if (overUdp == null) {
          overUdp = application;
        } else {
          assertThat(application).as(transport).isEqualTo(overUdp);
        }
      } finally {
        listeners.close();
      }
    }
    assertThat(datagram).doesNotExist();
    assertThat(stream).doesNotExist();
  }

  @Test
  void socketFilesGetTheModeAndAreRemovedOnClose() throws Exception {
    Path datagram = dir.resolve("dsd.socket");
    Path stream = dir.resolve("stream.socket");
    DogStatsdConfig config =
        new DogStatsdConfig(
            "127.0.0.1",
            0,
            0,
            1_000,
            DogStatsdConfig.Distributions.SKETCH,
            new DogStatsdSocketsConfig(datagram, stream, 0722),
            OriginDetectionConfig.OFF);
    DogStatsdBuckets buckets =
        new DogStatsdBuckets(Duration.ofSeconds(10), 1_000, false, MutableClock.atSeconds(T0));
    DogStatsdListeners listeners =
        DogStatsdListeners.start(config, false, buckets).get(10, TimeUnit.SECONDS);
    try {
      for (Path socket : List.of(datagram, stream)) {
        assertThat(Files.getAttribute(socket, "unix:mode")).isEqualTo(0140722);
      }
      assertThat(listeners.udpAddress()).isEmpty();
    } finally {
      listeners.close();
    }
    assertThat(datagram).doesNotExist();
    assertThat(stream).doesNotExist();
  }

  private static void sendApplicationTraffic(String address) {
    List<Exception> errors = new CopyOnWriteArrayList<>();
    StatsDClient client =
        new NonBlockingStatsDClientBuilder()
            .address(address)
            .prefix("app")
            .constantTags("env:test")
            .enableTelemetry(false)
            .blocking(true)
            .enableAggregation(false)
            .originDetectionEnabled(false)
            .errorHandler(errors::add)
            .build();
    try {
      client.count("requests", 5, "route:a");
      client.incrementCounter("requests", "route:a");
      client.gauge("temperature", 21.5);
      client.gauge("temperature", 22.25);
      for (int i = 1; i <= 10; i++) {
        client.histogram("payload", i, "kind:json");
      }
      client.recordExecutionTime("db.query", 100);
      client.recordSetValue("users", "alice");
      client.recordSetValue("users", "bob");
      client.distribution("size", 1);
      client.distribution("size", 2);
      client.recordServiceCheckRun(
          ServiceCheck.builder().withName("app.up").withStatus(ServiceCheck.Status.OK).build());
      client.recordEvent(Event.builder().withTitle("deployed").withText("v2").build());
    } finally {
      client.stop(); // in blocking mode: sends everything queued
    }
    assertThat(errors).isEmpty();
  }

  private static void awaitEvents(DogStatsdBuckets buckets, long events) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (buckets.totals().events() < events && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(buckets.totals().events()).as("events received").isEqualTo(events);
  }

  private static List<MergedMetric> applicationSeries(List<MergedMetric> series) {
    return series.stream()
        .filter(m -> m.name().startsWith("app."))
        .sorted(Comparator.comparing(MergedMetric::name).thenComparing(m -> m.tags().toString()))
        .toList();
  }
}
