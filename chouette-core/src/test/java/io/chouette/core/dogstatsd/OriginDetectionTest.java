package io.chouette.core.dogstatsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.config.DogStatsdConfig;
import io.chouette.core.config.DogStatsdEnrichmentConfig;
import io.chouette.core.config.OriginDetectionConfig;
import io.chouette.core.config.OriginDetectionConfig.Cardinality;
import io.chouette.core.dogstatsd.origin.ContainerInfo;
import io.chouette.core.dogstatsd.origin.ContainerLookup;
import io.chouette.core.dogstatsd.origin.OriginResolver;
import io.chouette.core.event.Event;
import io.chouette.core.event.EventCodec;
import io.chouette.core.event.ServiceCheck;
import io.chouette.core.event.ServiceCheckCodec;
import io.chouette.core.metric.MergedMetric;
import io.chouette.core.testing.MutableClock;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Origin detection on the receive path: the {@code c:} field, then the sender's pid through a fake
 * {@code /proc}; the container's tags from a {@link ContainerLookup} that answers, does not know
 * the container, fails, or never answers.
 */
class OriginDetectionTest {

  static final String ID = "3726184226f5d3147c25fdeab5b60097e378e8a720503a5e19ecfdf29f869860";
  static final String OTHER = "9f1c0c3a2b7e4d5f8a6b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f";
  private static final long T0 = 1_600_000_000L;

  @TempDir Path proc;

  private final AtomicInteger lookups = new AtomicInteger();
  private final DogStatsdBuckets buckets =
      new DogStatsdBuckets(Duration.ofSeconds(10), 1_000, true, MutableClock.atSeconds(T0));
  private OriginResolver resolver;

  @AfterEach
  void close() {
    if (resolver != null) {
      resolver.close();
    }
  }

  /** The fake engine: knows one container, answers at once. */
  private CompletableFuture<Optional<ContainerInfo>> engine(String id) {
    lookups.incrementAndGet();
    return CompletableFuture.completedFuture(
        id.equals(ID)
            ? Optional.of(new ContainerInfo(ID, "web-1", "registry.lan/app:1.2"))
            : Optional.empty());
  }

  private void detect(ContainerLookup lookup, Cardinality cardinality) {
    resolver = new OriginResolver(lookup, new OriginDetectionConfig(true, cardinality, proc));
    buckets.detectOrigin(new OriginLines(resolver));
  }

  private void send(String text) {
    send(text, 0);
  }

  private void send(String text, int pid) {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    buckets.ingest(DogStatsdTransport.UDS, data, new int[] {data.length}, new int[] {pid}, 1);
  }

  private Map<String, List<String>> tagsByName() {
    return buckets.drainClosed(Double.POSITIVE_INFINITY, true).stream()
        .filter(m -> m.name().startsWith("app."))
        .collect(
            java.util.stream.Collectors.toMap(MergedMetric::name, MergedMetric::tags, (a, b) -> a));
  }

  @Test
  void theContainerFieldTagsTheLineWithItsContainer() {
    detect(this::engine, Cardinality.LOW);

    send("app.hits:1|c|#env:a|c:" + ID + "\napp.size:3|g|c:ci-" + ID + "|T" + T0);
    send("app.users:alice|s|c:" + ID + "|#env:b");

    List<String> image =
        List.of(
            "docker_image:registry.lan/app:1.2",
            "image_name:registry.lan/app",
            "image_tag:1.2",
            "short_image:app");
    Map<String, List<String>> tags = tagsByName();
    assertThat(tags.get("app.hits")).containsExactlyInAnyOrderElementsOf(concat("env:a", image));
    assertThat(tags.get("app.size")).containsExactlyInAnyOrderElementsOf(image);
    assertThat(tags.get("app.users")).containsExactlyInAnyOrderElementsOf(concat("env:b", image));
    assertThat(buckets.totals().get(DogStatsdStat.ORIGIN_TAGGED)).isEqualTo(3);
    assertThat(buckets.totals().get(DogStatsdStat.ORIGIN_UNTAGGED)).isZero();
    assertThat(lookups).hasValue(1); // cached
  }

  @Test
  void eventsAndServiceChecksGetTheirSendersContainerTagsThenTheExtraTags() throws Exception {
    Files.createDirectories(proc.resolve("4242"));
    Files.writeString(proc.resolve("4242/cgroup"), "0::/system.slice/docker-" + ID + ".scope\n");
    DogStatsdBuckets enriched =
        new DogStatsdBuckets(
            Duration.ofSeconds(10),
            1_000,
            true,
            MutableClock.atSeconds(T0),
            DogStatsdConfig.Distributions.SKETCH,
            new DogStatsdEnrichmentConfig(
                List.of("region:eu"),
                "",
                DogStatsdEnrichmentConfig.DEFAULT_NAMESPACE_BLOCKLIST,
                List.of(),
                100));
    resolver =
        new OriginResolver(this::engine, new OriginDetectionConfig(true, Cardinality.LOW, proc));
    enriched.detectOrigin(new OriginLines(resolver));
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (enriched.totals().get(DogStatsdStat.ORIGIN_TAGGED) == 0
        && System.nanoTime() < deadline) {
      ingest(enriched, "app.warm:1|c", 4242); // until the cgroup file has been read
      Thread.sleep(5);
    }

    ingest(enriched, "_e{2,1}:by|c|#env:a|c:" + ID + "\n_sc|by.c|0|c:ci-" + ID + "|#env:b", 0);
    ingest(enriched, "_e{2,1}:by|p|p:low\n_sc|by.p|1", 4242);
    ingest(enriched, "_e{2,1}:no|p|#env:c\n_sc|no.p|2", 4243); // no such process

    List<String> image =
        List.of(
            "docker_image:registry.lan/app:1.2",
            "image_name:registry.lan/app",
            "image_tag:1.2",
            "short_image:app");
    Map<String, List<String>> events =
        enriched.pendingEvents().peekAll().stream()
            .map(record -> EventCodec.parse(record.json()).orElseThrow())
            .collect(Collectors.toMap(e -> e.title() + "/" + e.text(), Event::tags));
    Map<String, List<String>> checks =
        enriched.pendingServiceChecks().peekAll().stream()
            .map(record -> ServiceCheckCodec.parse(record.json()).orElseThrow())
            .collect(Collectors.toMap(ServiceCheck::name, ServiceCheck::tags));
    assertThat(events.get("by/c")).startsWith("env:a").endsWith("region:eu");
    assertThat(events.get("by/c"))
        .containsExactlyInAnyOrderElementsOf(concat("env:a", concat("region:eu", image)));
    assertThat(checks.get("by.c"))
        .containsExactlyInAnyOrderElementsOf(concat("env:b", concat("region:eu", image)));
    assertThat(events.get("by/p")).containsExactlyInAnyOrderElementsOf(concat("region:eu", image));
    assertThat(checks.get("by.p")).containsExactlyInAnyOrderElementsOf(concat("region:eu", image));
    assertThat(events.get("no/p")).containsExactly("env:c", "region:eu");
    assertThat(checks.get("no.p")).containsExactly("region:eu");
  }

  private static void ingest(DogStatsdBuckets target, String text, int pid) {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    target.ingest(DogStatsdTransport.UDS, data, new int[] {data.length}, new int[] {pid}, 1);
  }

  @Test
  void theCardinalityFieldChoosesTheOriginTagsOfItsMessage() {
    detect(this::engine, Cardinality.LOW);

    send(
        "app.high:1|c|c:"
            + ID
            + "|card:high\napp.none:1|c|card:none|c:"
            + ID
            + "\napp.orchestrator:1|c|c:"
            + ID
            + "|card:Orchestrator\napp.unknown:1|c|c:"
            + ID
            + "|card:bogus\napp.low:1|c|c:"
            + ID
            + "|card:low");
    send("_e{2,1}:hi|x|c:" + ID + "|card:high\n_sc|none|0|card:none|c:" + ID);

    Map<String, List<String>> tags = tagsByName();
    assertThat(tags.get("app.high")).contains("short_image:app", "container_id:" + ID);
    assertThat(tags.get("app.none")).isEmpty();
    for (String name : List.of("app.orchestrator", "app.unknown", "app.low")) {
      assertThat(tags.get(name)).as(name).contains("short_image:app");
      assertThat(tags.get(name)).as(name).noneMatch(tag -> tag.startsWith("container_"));
    }
    Event event = EventCodec.parse(buckets.pendingEvents().peekAll().get(0).json()).orElseThrow();
    assertThat(event.tags()).contains("container_name:web-1");
    ServiceCheck check =
        ServiceCheckCodec.parse(buckets.pendingServiceChecks().peekAll().get(0).json())
            .orElseThrow();
    assertThat(check.tags()).isEmpty();
  }

  @Test
  void theLocalDataFormNamesTheContainerByItsCiItem() {
    detect(this::engine, Cardinality.LOW);

    send(
        "app.first:1|c|c:ci-"
            + ID
            + ",in-4026531835\napp.second:1|c|c:in-4026531835,ci-"
            + ID
            + "\napp.inode:1|c|c:in-4026531835\napp.bad:1|c|c:ci-"
            + ID
            + "/x");

    Map<String, List<String>> tags = tagsByName();
    assertThat(tags.get("app.first")).contains("short_image:app");
    assertThat(tags.get("app.second")).contains("short_image:app");
    assertThat(tags.get("app.inode")).isEmpty(); // no pid either: untagged
    assertThat(tags.get("app.bad")).isEmpty();
    assertThat(buckets.totals().get(DogStatsdStat.ORIGIN_UNTAGGED)).isEqualTo(2);
  }

  @Test
  void theCardinalityFieldLowersAHighDefault() {
    detect(this::engine, Cardinality.HIGH);

    send("app.low:1|c|c:" + ID + "|card:LOW\napp.default:1|c|c:" + ID);

    Map<String, List<String>> tags = tagsByName();
    assertThat(tags.get("app.low"))
        .contains("short_image:app")
        .doesNotContain("container_id:" + ID);
    assertThat(tags.get("app.default")).contains("container_id:" + ID);
  }

  @Test
  void highCardinalityAddsTheContainerNameAndId() {
    detect(this::engine, Cardinality.HIGH);

    send("app.hits:1|c|c:" + ID);

    assertThat(tagsByName().get("app.hits")).contains("container_name:web-1", "container_id:" + ID);
  }

  @Test
  void theSendersPidLeadsToItsContainerThroughProcCgroup() throws Exception {
    Files.createDirectories(proc.resolve("4242"));
    Files.writeString(proc.resolve("4242/cgroup"), "0::/system.slice/docker-" + ID + ".scope\n");
    detect(this::engine, Cardinality.LOW);

    // the cgroup file is read off the receive path: the first lines may pass untagged
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (buckets.totals().get(DogStatsdStat.ORIGIN_TAGGED) == 0 && System.nanoTime() < deadline) {
      send("app.warm:1|c", 4242);
      Thread.sleep(5);
    }
    buckets.drainClosed(Double.POSITIVE_INFINITY, true);
    send("app.hits:1|c|#env:a", 4242);
    send("app.other:1|c", 4243); // no such process
    send("app.field:1|c|c:" + OTHER, 4242); // the c: field comes first: an unknown container

    Map<String, List<String>> tags = tagsByName();
    assertThat(tags.get("app.hits")).contains("env:a", "short_image:app");
    assertThat(tags.get("app.other")).isEmpty();
    assertThat(tags.get("app.field")).isEmpty();
  }

  @Test
  void anEngineThatFailsOrNeverAnswersLeavesMetricsUntaggedAndCounted() {
    CompletableFuture<Optional<ContainerInfo>> never = new CompletableFuture<>();
    detect(
        id -> id.equals(ID) ? never : CompletableFuture.failedFuture(new ConnectException()),
        Cardinality.LOW);

    long start = System.nanoTime();
    for (int i = 0; i < 1_000; i++) {
      send("app.hits:1|c|c:" + ID + "\napp.misses:1|c|c:" + OTHER);
    }
    long elapsed = System.nanoTime() - start;

    assertThat(Duration.ofNanos(elapsed)).isLessThan(Duration.ofSeconds(1));
    assertThat(tagsByName())
        .containsEntry("app.hits", List.of())
        .containsEntry("app.misses", List.of());
    assertThat(buckets.totals().get(DogStatsdStat.ORIGIN_UNTAGGED)).isEqualTo(2_000);
    assertThat(buckets.totals().samples()).isEqualTo(2_000);
  }

  @Test
  void aFieldNamingNoContainerIdFallsBackToThePidAndLinesWithoutOriginPass() {
    detect(this::engine, Cardinality.LOW);

    send("app.inode:1|c|c:in-12345\napp.bad:1|c|c:../../etc\napp.plain:1|c|#env:a");

    assertThat(tagsByName())
        .containsEntry("app.inode", List.of())
        .containsEntry("app.bad", List.of())
        .containsEntry("app.plain", List.of("env:a"));
    assertThat(lookups).hasValue(0);
    assertThat(buckets.totals().get(DogStatsdStat.ORIGIN_UNTAGGED)).isEqualTo(3);
  }

  private static List<String> concat(String tag, List<String> tags) {
    List<String> all = new java.util.ArrayList<>(tags);
    all.add(tag);
    return all;
  }
}
