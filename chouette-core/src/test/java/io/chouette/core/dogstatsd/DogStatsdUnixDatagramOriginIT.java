package io.chouette.core.dogstatsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.config.OriginDetectionConfig;
import io.chouette.core.config.OriginDetectionConfig.Cardinality;
import io.chouette.core.dogstatsd.origin.ContainerInfo;
import io.chouette.core.dogstatsd.origin.OriginResolver;
import io.chouette.core.metric.MergedMetric;
import io.chouette.core.testing.MutableClock;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Origin detection on the Unix datagram socket, end to end: a datagram without a {@code c:} field
 * gets the tags of its sender's container, found from the sender's pid (the kernel's credentials on
 * each datagram) through {@code <PROC_ROOT>/<pid>/cgroup}. The sender is this test's process; a
 * fake {@code /proc} names its container, a fake engine knows that container.
 */
class DogStatsdUnixDatagramOriginIT {

  private static final String ID =
      "3726184226f5d3147c25fdeab5b60097e378e8a720503a5e19ecfdf29f869860";

  @TempDir Path dir;
  private Path socket;
  private DogStatsdBuckets buckets;
  private OriginResolver resolver;
  private DogStatsdReceiver receiver;
  private AFUNIXDatagramChannel client;

  @BeforeEach
  void start() throws Exception {
    Path proc = Files.createDirectories(dir.resolve("proc"));
    Path self =
        Files.createDirectories(proc.resolve(String.valueOf(ProcessHandle.current().pid())));
    Files.writeString(self.resolve("cgroup"), "0::/system.slice/docker-" + ID + ".scope\n");
    resolver =
        new OriginResolver(
            id ->
                CompletableFuture.completedFuture(
                    id.equals(ID)
                        ? Optional.of(new ContainerInfo(ID, "web-1", "registry.lan/app:1.2"))
                        : Optional.empty()),
            new OriginDetectionConfig(true, Cardinality.LOW, proc));
    buckets =
        new DogStatsdBuckets(Duration.ofSeconds(10), 1_000, true, MutableClock.atSeconds(1.6e9));
    buckets.detectOrigin(new OriginLines(resolver));
    socket = dir.resolve("dsd.socket");
    receiver =
        DogStatsdReceiver.startUnix(socket, 0722, 0, true, buckets, 0).get(10, TimeUnit.SECONDS);
    client = AFUNIXDatagramChannel.open();
    client.connect(AFUNIXSocketAddress.of(socket));
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    receiver.close();
    resolver.close();
  }

  @Test
  void aDatagramGetsItsSendersContainerTagsFromItsPid() throws Exception {
    // the cgroup file and the engine are read off the receive path: the first lines pass untagged
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (buckets.totals().get(DogStatsdStat.ORIGIN_TAGGED) == 0 && System.nanoTime() < deadline) {
      send("app.warm:1|c");
      Thread.sleep(10);
    }
    buckets.drainClosed(Double.POSITIVE_INFINITY, true);

    send("app.hits:1|c|#env:a");
    long samples = buckets.totals().samples();
    while (buckets.totals().samples() == samples && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }

    Map<String, List<String>> tags =
        buckets.drainClosed(Double.POSITIVE_INFINITY, true).stream()
            .collect(Collectors.toMap(MergedMetric::name, MergedMetric::tags, (a, b) -> a));
    assertThat(tags.get("app.hits"))
        .contains("env:a", "short_image:app", "image_tag:1.2", "docker_image:registry.lan/app:1.2");
  }

  private void send(String datagram) throws Exception {
    client.write(ByteBuffer.wrap(datagram.getBytes(StandardCharsets.UTF_8)));
  }
}
