package io.chouette.core.dogstatsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.chouette.core.config.DogStatsdConfig;
import io.chouette.core.config.DogStatsdEnrichmentConfig;
import io.chouette.core.dogstatsd.mapper.MappingProfiles;
import io.chouette.core.event.Event;
import io.chouette.core.event.EventCodec;
import io.chouette.core.event.ServiceCheck;
import io.chouette.core.event.ServiceCheckCodec;
import io.chouette.core.metric.MergedMetric;
import io.chouette.core.metric.MetricType;
import io.chouette.core.sketch.WrappedSketch;
import io.chouette.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The mapper, the namespace and its blocklist and {@code DOGSTATSD_TAGS} on what the buckets
 * aggregate and keep: the Agent's order (map, then namespace, then extra tags), every metric type,
 * events and service checks.
 */
class DogStatsdEnrichmentTest {

  private static final long T0 = 1_600_000_000L;
  private static final String PROFILES =
      """
      [{"name": "jobs", "prefix": "test.", "mappings": [
         {"match": "test.job.duration.*.*", "name": "test.job.duration",
          "tags": {"job_type": "$1", "job_name": "$2"}},
         {"match": "test\\\\.kafka\\\\.(\\\\w+)\\\\.lag", "match_type": "regex",
          "name": "kafka.consumer.lag", "tags": {"group": "$1"}}]}]
      """;

  private final MutableClock clock = MutableClock.atSeconds(T0 + 3);
  private DogStatsdBuckets buckets;

  private void configure(List<String> tags, String namespace, String profiles) {
    DogStatsdEnrichmentConfig config =
        new DogStatsdEnrichmentConfig(
            tags,
            namespace,
            DogStatsdEnrichmentConfig.DEFAULT_NAMESPACE_BLOCKLIST,
            profiles == null ? List.of() : MappingProfiles.parse(profiles),
            100);
    buckets =
        new DogStatsdBuckets(
            Duration.ofSeconds(10),
            1_000,
            false,
            clock,
            DogStatsdConfig.Distributions.SKETCH,
            config);
  }

  private void send(String datagram) {
    byte[] bytes = datagram.getBytes(StandardCharsets.UTF_8);
    buckets.ingest(bytes, 0, bytes.length);
  }

  private List<MergedMetric> drainAll() {
    return buckets.drainClosed(0, true);
  }

  @Test
  void aMappedMetricOfAnyTypeGoesToTheContextOfItsNewNameWithTheExtractedTags() {
    configure(List.of(), "", PROFILES);
    send(
        "test.job.duration.batch.nightly:1|c\n"
            + "test.job.duration.batch.nightly:2|g\n"
            + "test.job.duration.batch.nightly:a|s\n"
            + "test.job.duration.batch.nightly:3|h\n"
            + "test.job.duration.batch.nightly:4|ms\n"
            + "test.job.duration.batch.nightly:5:6|d\n"
            + "test.kafka.billing.lag:7|g");
    List<String> jobTags = List.of("job_name:nightly", "job_type:batch");
    assertThat(drainAll())
        .extracting(MergedMetric::name, MergedMetric::type, MergedMetric::tags)
        .containsExactlyInAnyOrder(
            tuple("test.job.duration", MetricType.COUNT, jobTags),
            tuple("test.job.duration", MetricType.GAUGE, jobTags),
            tuple("test.job.duration", MetricType.SET, jobTags),
            tuple("test.job.duration", MetricType.HISTOGRAM, jobTags),
            tuple("kafka.consumer.lag", MetricType.GAUGE, List.of("group:billing")));
    List<WrappedSketch> sketches = buckets.takeClosedSketches();
    assertThat(sketches)
        .extracting(WrappedSketch::metric, WrappedSketch::tags)
        .containsExactly(tuple("test.job.duration", jobTags));
    assertThat(sketches.get(0).sketch().cnt()).isEqualTo(2);
  }

  @Test
  void mappedTagsJoinTheTagsTheMetricWasSentWith() {
    configure(List.of(), "", PROFILES);
    send("test.job.duration.batch.nightly:1|c|#env:prod,job_type:manual");
    assertThat(drainAll())
        .singleElement()
        .extracting(MergedMetric::tags)
        .isEqualTo(List.of("env:prod", "job_name:nightly", "job_type:batch", "job_type:manual"));
  }

  @Test
  void aMappedMetricAggregatesWithTheSameMetricSentUnderItsNewName() {
    configure(List.of(), "", PROFILES);
    send(
        "test.job.duration.batch.nightly:1|c\n"
            + "test.job.duration:2|c|#job_name:nightly,job_type:batch\n"
            + "test.job.duration.batch.nightly:4|c");
    assertThat(drainAll())
        .singleElement()
        .satisfies(metric -> assertThat(metric.values()).containsExactly(7.0));
  }

  @Test
  void namesTheMapperLeavesAloneKeepTheirName() {
    configure(List.of(), "", PROFILES);
    send("test.job.size.a.b:1|c\nother.metric:1|c");
    assertThat(drainAll())
        .extracting(MergedMetric::name, MergedMetric::tags)
        .containsExactlyInAnyOrder(
            tuple("test.job.size.a.b", List.of()), tuple("other.metric", List.of()));
  }

  @Test
  void theNamespacePrefixesTheMappedNameUnlessABlocklistedPrefixStartsIt() {
    configure(List.of(), "edge.", PROFILES);
    send(
        "app.requests:1|c\n"
            + "jvm.heap:1|g\n"
            + "datadog.dogstatsd.client.packets_sent:1|c\n"
            + "test.job.duration.batch.nightly:1|c\n"
            + "test.kafka.billing.lag:7|g\n"
            + "runtimeish:1|c\n"
            + "lat:1|d");
    assertThat(drainAll())
        .extracting(MergedMetric::name)
        .containsExactlyInAnyOrder(
            "edge.app.requests",
            "jvm.heap",
            "datadog.dogstatsd.client.packets_sent",
            "edge.test.job.duration",
            "kafka.consumer.lag", // mapped into a blocklisted prefix
            "runtimeish"); // a plain prefix, as in the Agent
    assertThat(buckets.takeClosedSketches())
        .extracting(WrappedSketch::metric)
        .containsExactly("edge.lat");
  }

  @Test
  void extraTagsGoOnEveryMetricMergedWithItsOwn() {
    configure(List.of("region:eu", "env:prod"), "", PROFILES);
    send("a:1|c|#env:prod\nb:1|g\ntest.job.duration.batch.nightly:1|h\nlat:2|d|#x");
    assertThat(drainAll())
        .extracting(MergedMetric::name, MergedMetric::tags)
        .containsExactlyInAnyOrder(
            tuple("a", List.of("env:prod", "region:eu")),
            tuple("b", List.of("env:prod", "region:eu")),
            tuple(
                "test.job.duration",
                List.of("env:prod", "job_name:nightly", "job_type:batch", "region:eu")));
    assertThat(buckets.takeClosedSketches())
        .extracting(WrappedSketch::tags)
        .containsExactly(List.of("env:prod", "region:eu", "x"));
  }

  @Test
  void extraTagsFollowTheOwnTagsOfEventsAndServiceChecks() {
    configure(List.of("region:eu"), "edge.", PROFILES);
    send("_e{5,4}:title|text|#env:prod\n_sc|test.job.duration.a.b|1|#env:prod\n_sc|db|0");
    Event event = EventCodec.parse(buckets.pendingEvents().peekAll().get(0).json()).orElseThrow();
    assertThat(event.tags()).containsExactly("env:prod", "region:eu");
    assertThat(buckets.pendingServiceChecks().peekAll())
        .extracting(record -> ServiceCheckCodec.parse(record.json()).orElseThrow())
        .extracting(ServiceCheck::name, ServiceCheck::tags)
        .containsExactly( // neither mapped nor namespaced, as in the Agent
            tuple("test.job.duration.a.b", List.of("env:prod", "region:eu")),
            tuple("db", List.of("region:eu")));
  }

  @Test
  void chouettesOwnDogStatsdCountsAreNotEnriched() {
    DogStatsdEnrichmentConfig config =
        new DogStatsdEnrichmentConfig(List.of("region:eu"), "edge.", List.of(), List.of(), 100);
    buckets =
        new DogStatsdBuckets(
            Duration.ofSeconds(10),
            1_000,
            true,
            clock,
            DogStatsdConfig.Distributions.SKETCH,
            config);
    send("a:1|c");
    assertThat(drainAll())
        .filteredOn(metric -> metric.name().startsWith("chouette.dogstatsd."))
        .isNotEmpty()
        .allSatisfy(metric -> assertThat(metric.tags()).doesNotContain("region:eu"));
  }

  @Test
  void aContextResolvedAgainInALaterBucketIsEnrichedTheSameWay() {
    configure(List.of("region:eu"), "edge.", PROFILES);
    send("test.job.duration.batch.nightly:1|c");
    List<MergedMetric> first = drainAll();
    clock.setSeconds(T0 + 13);
    send("test.job.duration.batch.nightly:1|c");
    List<MergedMetric> second = drainAll();
    assertThat(second)
        .extracting(MergedMetric::name, MergedMetric::tags)
        .isEqualTo(first.stream().map(metric -> tuple(metric.name(), metric.tags())).toList())
        .containsExactly(
            tuple(
                "edge.test.job.duration",
                List.of("job_name:nightly", "job_type:batch", "region:eu")));
  }

  @Test
  void theEnrichmentInForceIsLoggedOnceAtStartupAndNothingWhenOff() {
    Logger logger = (Logger) LoggerFactory.getLogger(DogStatsdEnrichment.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.INFO); // the tests' root level is WARN
    try {
      configure(List.of(), "", null);
      assertThat(appender.list).isEmpty();
      configure(List.of("region:eu"), "edge.", PROFILES);
      assertThat(appender.list)
          .singleElement()
          .extracting(ILoggingEvent::getFormattedMessage)
          .isEqualTo(
              "DogStatsD enrichment: namespace \"edge.\", 1 extra tag(s), 1 mapper profile(s)"
                  + " (cache 100)");
    } finally {
      logger.setLevel(null);
      logger.detachAppender(appender);
    }
  }
}
