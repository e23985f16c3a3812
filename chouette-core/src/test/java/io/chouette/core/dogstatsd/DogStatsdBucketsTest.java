package io.chouette.core.dogstatsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.chouette.core.config.DogStatsdConfig;
import io.chouette.core.metric.MergedMetric;
import io.chouette.core.metric.MetricType;
import io.chouette.core.sketch.SketchBuilder;
import io.chouette.core.sketch.WrappedSketch;
import io.chouette.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Aggregation per (bucket, name, type, tags), bounds, drains and self-metrics. */
class DogStatsdBucketsTest {

  private static final long T0 = 1_600_000_000L; // a bucket start for a 10 s interval

  private final MutableClock clock = MutableClock.atSeconds(T0 + 3.5);
  private DogStatsdBuckets buckets = buckets(100, false);

  private DogStatsdBuckets buckets(int maxContexts, boolean selfMetrics) {
    return new DogStatsdBuckets(Duration.ofSeconds(10), maxContexts, selfMetrics, clock);
  }

  private void send(String datagram) {
    byte[] bytes = datagram.getBytes(StandardCharsets.UTF_8);
    buckets.ingest(bytes, 0, bytes.length);
  }

  private List<MergedMetric> drainAll() {
    return buckets.drainClosed(0, true);
  }

  private static <T> T only(List<T> items) {
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  @Test
  void countsSumValueTimesInverseRate() {
    send("hits:1|c|@0.5\nhits:2|c|@0.5\nhits:3:4|c");
    MergedMetric hits = only(drainAll());
    assertThat(hits.name()).isEqualTo("hits");
    assertThat(hits.type()).isEqualTo(MetricType.COUNT);
    assertThat(hits.values()).containsExactly(1 * 2.0 + 2 * 2.0 + 3 + 4);
    assertThat(hits.timestamps()).containsExactly((double) T0);
  }

  @Test
  void timestampedCountsIgnoreTheRateAsTheAgentDoes() {
    send("hits:5|c|@0.5|T" + (T0 + 1));
    assertThat(only(drainAll()).values()).containsExactly(5.0);
  }

  @Test
  void gaugesKeepTheLastValueAndPackedGaugesTheirLastItem() {
    send("temp:1|g\ntemp:7:3|g");
    MergedMetric temp = only(drainAll());
    assertThat(temp.type()).isEqualTo(MetricType.GAUGE);
    assertThat(temp.values()).containsExactly(3.0);
  }

  @Test
  void timestampedGaugesKeepTheLatestTimestampNotTheLastReceived() {
    send("temp:2|g|T" + (T0 + 2) + "\ntemp:1|g|T" + (T0 + 1));
    assertThat(only(drainAll()).values()).containsExactly(2.0);
  }

  @Test
  void setsKeepDistinctOpaqueMembers() {
    send("users:a|s\nusers:b|s\nusers:a|s\nusers:1|s\nusers:1.0|s\nusers:x:y|s|@0.5");
    MergedMetric users = only(drainAll());
    assertThat(users.type()).isEqualTo(MetricType.SET);
    assertThat(users.values()).isEmpty();
    assertThat(users.members()).containsExactly("s:1", "s:1.0", "s:a", "s:b", "s:x:y");
    assertThat(users.timestamps()).hasSize(5).containsOnly((double) T0);
  }

  @Test
  void histogramsTimingsAndDistributionsAsHistogramsKeepEveryValueWithItsWeight() {
    buckets =
        new DogStatsdBuckets(
            Duration.ofSeconds(10), 100, false, clock, DogStatsdConfig.Distributions.HISTOGRAM);
    send("lat:1|h\nlat:2|ms|@0.5\nlat:3:4|d|@0.25");
    MergedMetric latency = only(drainAll());
    assertThat(buckets.takeClosedSketches()).isEmpty();
    assertThat(latency.type()).isEqualTo(MetricType.HISTOGRAM);
    assertThat(latency.values()).containsExactly(1.0, 2.0, 3.0, 4.0);
    assertThat(latency.weights()).containsExactly(1.0, 2.0, 4.0, 4.0);
    assertThat(latency.timestamps()).containsOnly((double) T0).hasSize(4);
  }

  @Test
  void distributionsBecomeOneSketchPerContextAndBucketWithTheAgentsRates() {
    send("lat:1|d\nlat:2:3|d|@0.5\nlat:4|d|#b,a\nlat:9|h\nlat:0.5|d|#a,b");

    // the histogram of the same name is a context of its own; no series for the distributions
    MergedMetric histogram = only(drainAll());
    assertThat(histogram.type()).isEqualTo(MetricType.HISTOGRAM);
    assertThat(histogram.values()).containsExactly(9.0);

    SketchBuilder plain = new SketchBuilder();
    plain.insert(1);
    plain.insert(2, 0.5);
    plain.insert(3, 0.5);
    SketchBuilder tagged = new SketchBuilder();
    tagged.insert(4);
    tagged.insert(0.5);
    assertThat(buckets.takeClosedSketches())
        .containsExactlyInAnyOrder(
            new WrappedSketch("lat", "", List.of(), T0, plain.close()),
            new WrappedSketch("lat", "", List.of("a", "b"), T0, tagged.close()));
    assertThat(buckets.takeClosedSketches()).isEmpty();
    assertThat(buckets.totals().samples()).isEqualTo(1 + 2 + 1 + 1 + 1);
  }

  @Test
  void aReusedSketchStartsEmptyInTheNextBucket() {
    send("lat:1:2:3|d");
    clock.setSeconds(T0 + 10);
    send("lat:7|d");
    assertThat(buckets.drainClosed(T0 + 10, false)).isEmpty();
    assertThat(only(buckets.takeClosedSketches()).sketch().cnt()).isEqualTo(3);
    clock.setSeconds(T0 + 20);
    send("lat:8|d");
    drainAll();
    List<WrappedSketch> next = buckets.takeClosedSketches();
    assertThat(next).extracting(WrappedSketch::ts).containsExactly(T0 + 10, T0 + 20);
    assertThat(next.get(0).sketch().cnt()).isEqualTo(1);
    assertThat(next.get(0).sketch().min()).isEqualTo(7.0);
    assertThat(next.get(1).sketch().max()).isEqualTo(8.0);
  }

  @Test
  void sketchesHoldNoSampleBudgetButCountAsContexts() {
    buckets = buckets(1, false); // budget: 10 values or members, one context
    StringBuilder values = new StringBuilder("lat");
    for (int i = 1; i <= 100; i++) {
      values.append(':').append(i);
    }
    send(values + "|d\nother:1|d");
    assertThat(buckets.totals().get(DogStatsdStat.DROPPED_MAX_SAMPLES)).isZero();
    assertThat(buckets.totals().get(DogStatsdStat.DROPPED_MAX_CONTEXTS)).isEqualTo(1);
    drainAll();
    assertThat(only(buckets.takeClosedSketches()).sketch().cnt()).isEqualTo(100);
  }

  @Test
  void histogramsWithoutRatesCarryNoWeights() {
    send("lat:1:2:3|h");
    assertThat(only(drainAll()).weights()).isEmpty();
  }

  @Test
  void tagOrderDuplicatesEmptyTagsAndOriginHintsDoNotSplitAContext() {
    send(
        "hits:1|c|#b,a\n"
            + "hits:1|c|#a,b,a\n"
            + "hits:1|c|#a,,b\n"
            + "hits:1|c|#dd.internal.entity_id:x,a,b,dd.internal.card:low,dd.internal.jmx_check_name:j");
    MergedMetric hits = only(drainAll());
    assertThat(hits.tags()).containsExactly("a", "b");
    assertThat(hits.values()).containsExactly(4.0);
  }

  @Test
  void hostTagsStayOrdinaryTagsAndBareTagsKeepTheirText() {
    send("hits:1|c|#host:edge-1,bare,k:v:w");
    assertThat(only(drainAll()).tags()).containsExactly("bare", "host:edge-1", "k:v:w");
  }

  @Test
  void typeNameAndTagsEachMakeADifferentContext() {
    send("x:1|c\nx:1|g\nx:1|c|#t\ny:1|c");
    assertThat(drainAll())
        .extracting(MergedMetric::name, MergedMetric::type, MergedMetric::tags)
        .containsExactlyInAnyOrder(
            tuple("x", MetricType.COUNT, List.of()),
            tuple("x", MetricType.GAUGE, List.of()),
            tuple("x", MetricType.COUNT, List.of("t")),
            tuple("y", MetricType.COUNT, List.of()));
  }

  @Test
  void closedBucketsOnlyAreDrainedStampedWithTheirStart() {
    send("hits:1|c");
    assertThat(buckets.drainClosed(T0 + 9.999, false)).isEmpty();
    clock.setSeconds(T0 + 10.2);
    send("hits:10|c");
    MergedMetric first = only(buckets.drainClosed(T0 + 10, false));
    assertThat(first.values()).containsExactly(1.0);
    assertThat(first.timestamps()).containsExactly((double) T0);
    assertThat(buckets.drainClosed(T0 + 10, false)).isEmpty();
    MergedMetric second = only(buckets.drainClosed(T0 + 20, false));
    assertThat(second.values()).containsExactly(10.0);
    assertThat(second.timestamps()).containsExactly((double) T0 + 10);
  }

  @Test
  void timestampedSamplesGoToTheBucketOfTheirTimestamp() {
    send("hits:1|c|T" + (T0 - 15) + "\nhits:2|c\ntemp:5|g|T" + (T0 - 1));
    assertThat(buckets.drainClosed(T0, false))
        .extracting(MergedMetric::name, MergedMetric::values, MergedMetric::timestamps)
        .containsExactly(
            tuple("hits", List.of(1.0), List.of((double) T0 - 20)),
            tuple("temp", List.of(5.0), List.of((double) T0 - 10)));
    assertThat(only(drainAll()).values()).containsExactly(2.0);
  }

  @Test
  void timestampsOnOtherTypesAndFarFutureTimestampsAreCountedAndDropped() {
    send(
        "lat:1:2|h|T"
            + T0
            + "\nusers:a|s|T"
            + T0
            + "\nhits:1|c|T"
            + (T0 + 20)
            + "\nok:1|c|T"
            + (T0 + 13));
    assertThat(drainAll()).extracting(MergedMetric::name).containsExactly("ok");
    assertThat(buckets.totals().get(DogStatsdStat.DROPPED_TIMESTAMPED_TYPE)).isEqualTo(3);
    assertThat(buckets.totals().get(DogStatsdStat.DROPPED_FUTURE_TIMESTAMP)).isEqualTo(1);
  }

  @Test
  void liveContextsAreBoundedAndExcessSamplesCountedUntilTheBucketIsDrained() {
    buckets = buckets(2, false);
    send("a:1|c\nb:1|c\nc:1:1|c\na:1|c|#new\nb:5|c");
    assertThat(buckets.liveContexts()).isEqualTo(2);
    assertThat(buckets.totals().get(DogStatsdStat.DROPPED_MAX_CONTEXTS)).isEqualTo(3);
    assertThat(drainAll())
        .extracting(MergedMetric::name, MergedMetric::values)
        .containsExactlyInAnyOrder(tuple("a", List.of(1.0)), tuple("b", List.of(6.0)));
    assertThat(buckets.liveContexts()).isZero();
    send("c:1|c");
    assertThat(only(drainAll()).name()).isEqualTo("c");
  }

  @Test
  void aContextLiveInTwoBucketsCountsOnce() {
    buckets = buckets(1, false);
    send("a:1|c");
    clock.setSeconds(T0 + 11);
    send("a:1|c\nb:1|c");
    assertThat(buckets.liveContexts()).isEqualTo(1);
    assertThat(buckets.totals().get(DogStatsdStat.DROPPED_MAX_CONTEXTS)).isEqualTo(1);
  }

  @Test
  void accumulatorsPerContextAreBoundedToo() {
    buckets = buckets(1, false);
    StringBuilder datagram = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      datagram.append("a:1|c|T").append(T0 - 10L * i).append('\n');
    }
    send(datagram.toString());
    assertThat(buckets.totals().get(DogStatsdStat.DROPPED_MAX_CONTEXTS))
        .isEqualTo(6 - LiveContexts.ACCUMULATORS_PER_CONTEXT);
  }

  @Test
  void histogramValuesAndSetMembersHeldAreBounded() {
    buckets = buckets(1, false); // budget: 10 values or members
    send("lat:1:2:3:4:5:6:7:8|h\nlat:9:10:11:12|h");
    assertThat(only(drainAll()).values()).hasSize(10);
    assertThat(buckets.totals().get(DogStatsdStat.DROPPED_MAX_SAMPLES)).isEqualTo(2);
    for (int i = 0; i < 12; i++) {
      send("users:" + i + "|s");
    }
    send("users:0|s"); // a member already held still counts as aggregated
    assertThat(only(drainAll()).members()).hasSize(10);
    assertThat(buckets.totals().get(DogStatsdStat.DROPPED_MAX_SAMPLES)).isEqualTo(4);
    assertThat(buckets.totals().samples()).isEqualTo(10 + 11);
  }

  @Test
  void theSampleBudgetIsReturnedWhenABucketIsDrained() {
    buckets = buckets(1, false);
    send("lat:1:2:3:4:5:6:7:8:9:10|h");
    drainAll();
    send("lat:1:2:3:4:5:6:7:8:9:10|h");
    assertThat(only(drainAll()).values()).hasSize(10);
    assertThat(buckets.totals().droppedSamples()).isZero();
  }

  @Test
  void eventsServiceChecksAndBadLinesAreCountedNeverAggregated() {
    buckets = buckets(100, true);
    send("_e{5,4}:title|text\n_sc|check|0\n_e{0,1}:|x\n_sc|check|9\nbad\nok:1|c|#t");
    DogStatsdTotals totals = buckets.totals();
    assertThat(totals.packets()).isEqualTo(1);
    assertThat(totals.events()).isEqualTo(1);
    assertThat(totals.serviceChecks()).isEqualTo(1);
    assertThat(totals.get(DogStatsdStat.EVENT_ERRORS)).isEqualTo(1);
    assertThat(totals.get(DogStatsdStat.SERVICE_CHECK_ERRORS)).isEqualTo(1);
    assertThat(totals.get(DogStatsdStat.METRIC_ERRORS)).isEqualTo(1);
    assertThat(totals.metricLines()).isEqualTo(1);
    assertThat(drainAll())
        .filteredOn(metric -> metric.name().equals("ok"))
        .extracting(MergedMetric::values)
        .containsExactly(List.of(1.0));
  }

  @Test
  void selfMetricsAreCountsOfTheirBucketWithTags() {
    buckets = buckets(1, true);
    send("a:1:2|c\nb:1|c\nbad\nlat:1|h|T" + T0 + "\n_e{1,1}:a|b");
    clock.setSeconds(T0 + 12);
    send("a:1|c");
    List<MergedMetric> first = buckets.drainClosed(T0 + 10, false);
    assertThat(first)
        .filteredOn(metric -> metric.name().startsWith("chouette.dogstatsd."))
        .extracting(MergedMetric::name, MergedMetric::tags, MergedMetric::values)
        .containsExactlyInAnyOrder(
            tuple("chouette.dogstatsd.packets", List.of("transport:udp"), List.of(1.0)),
            tuple("chouette.dogstatsd.metric_lines", List.of("transport:udp"), List.of(3.0)),
            tuple("chouette.dogstatsd.samples", List.of("transport:udp"), List.of(2.0)),
            tuple("chouette.dogstatsd.events", List.of("transport:udp"), List.of(1.0)),
            tuple(
                "chouette.dogstatsd.parse_errors",
                List.of("message_type:metric", "transport:udp"),
                List.of(1.0)),
            tuple(
                "chouette.dogstatsd.dropped_samples",
                List.of("reason:max_contexts", "transport:udp"),
                List.of(1.0)),
            tuple(
                "chouette.dogstatsd.dropped_samples",
                List.of("reason:timestamped_type", "transport:udp"),
                List.of(1.0)));
    assertThat(first).allMatch(metric -> metric.type() == MetricType.COUNT);
    assertThat(first).allMatch(metric -> metric.timestamps().equals(List.of((double) T0)));
  }

  @Test
  void everySelfMetricIsCountedPerTransport() {
    buckets = buckets(100, true);
    send("a:1|c\nbad");
    byte[] unix = "a:1|c\n_e{1,1}:a|b\n_sc|check|0".getBytes(StandardCharsets.UTF_8);
    buckets.ingest(DogStatsdTransport.UDS, unix, new int[] {unix.length}, new int[] {0}, 1);
    byte[] stream = "b:1:2|h\nbad".getBytes(StandardCharsets.UTF_8);
    buckets.ingest(
        DogStatsdTransport.UDS_STREAM, stream, new int[] {stream.length}, new int[] {0}, 1);
    buckets.countFrameError();

    DogStatsdTotals totals = buckets.totals();
    assertThat(totals.get(DogStatsdTransport.UDS, DogStatsdStat.METRIC_LINES)).isEqualTo(1);
    assertThat(totals.get(DogStatsdStat.METRIC_LINES)).isEqualTo(3);
    assertThat(drainAll())
        .filteredOn(metric -> metric.name().startsWith("chouette.dogstatsd."))
        .extracting(MergedMetric::name, MergedMetric::tags, MergedMetric::values)
        .containsExactlyInAnyOrder(
            tuple("chouette.dogstatsd.packets", List.of("transport:udp"), List.of(1.0)),
            tuple("chouette.dogstatsd.metric_lines", List.of("transport:udp"), List.of(1.0)),
            tuple("chouette.dogstatsd.samples", List.of("transport:udp"), List.of(1.0)),
            tuple(
                "chouette.dogstatsd.parse_errors",
                List.of("message_type:metric", "transport:udp"),
                List.of(1.0)),
            tuple("chouette.dogstatsd.packets", List.of("transport:uds"), List.of(1.0)),
            tuple("chouette.dogstatsd.metric_lines", List.of("transport:uds"), List.of(1.0)),
            tuple("chouette.dogstatsd.samples", List.of("transport:uds"), List.of(1.0)),
            tuple("chouette.dogstatsd.events", List.of("transport:uds"), List.of(1.0)),
            tuple("chouette.dogstatsd.service_checks", List.of("transport:uds"), List.of(1.0)),
            tuple("chouette.dogstatsd.packets", List.of("transport:uds_stream"), List.of(1.0)),
            tuple("chouette.dogstatsd.metric_lines", List.of("transport:uds_stream"), List.of(1.0)),
            tuple("chouette.dogstatsd.samples", List.of("transport:uds_stream"), List.of(2.0)),
            tuple(
                "chouette.dogstatsd.parse_errors",
                List.of("message_type:metric", "transport:uds_stream"),
                List.of(1.0)),
            tuple(
                "chouette.dogstatsd.parse_errors",
                List.of("message_type:frame", "transport:uds_stream"),
                List.of(1.0)));
  }

  @Test
  void selfMetricsCanBeTurnedOff() {
    send("bad\na:1|c");
    assertThat(drainAll()).extracting(MergedMetric::name).containsExactly("a");
  }

  @Test
  void manyContextsComeAndGoWithoutLeaking() {
    buckets = buckets(5_000, false);
    for (int round = 0; round < 3; round++) {
      StringBuilder datagram = new StringBuilder();
      for (int i = 0; i < 5_000; i++) {
        datagram.append("m").append(i).append(":1|c|#round:").append(round).append('\n');
      }
      send(datagram.toString());
      assertThat(buckets.liveContexts()).isEqualTo(5_000);
      assertThat(drainAll()).hasSize(5_000);
      assertThat(buckets.liveContexts()).isZero();
    }
    assertThat(buckets.totals().droppedSamples()).isZero();
  }

  @Test
  void concurrentDrainsNeverLoseOrDuplicateASample() throws InterruptedException {
    buckets = buckets(10_000, false);
    clock.setSeconds(T0);
    AtomicBoolean done = new AtomicBoolean();
    List<MergedMetric> drained = new ArrayList<>();
    AtomicLong sketched = new AtomicLong();
    Thread drainer =
        new Thread(
            () -> {
              while (!done.get()) {
                drained.addAll(buckets.drainClosed(clock.millis() / 1000.0, false));
                buckets.takeClosedSketches().forEach(s -> sketched.addAndGet(s.sketch().cnt()));
              }
            });
    drainer.start();
    int datagrams = 20_000;
    for (int i = 0; i < datagrams; i++) {
      send("hits:1|c\nlat:1|h|#x\ndist:1|d");
      clock.advanceMillis(7); // crosses a bucket boundary every ~1,400 datagrams
    }
    done.set(true);
    drainer.join();
    drained.addAll(drainAll());
    buckets.takeClosedSketches().forEach(s -> sketched.addAndGet(s.sketch().cnt()));
    double hits = 0;
    long latencies = 0;
    for (MergedMetric metric : drained) {
      if (metric.name().equals("hits")) {
        hits += metric.values().get(0);
      } else {
        latencies += metric.values().size();
      }
    }
    assertThat(buckets.totals().droppedSamples()).isZero();
    assertThat(hits).isEqualTo(datagrams);
    assertThat(sketched.get()).isEqualTo(datagrams);
    assertThat(latencies).isEqualTo(datagrams);
    // one point per context and bucket, never two
    assertThat(drained.stream().map(m -> m.name() + m.timestamps().get(0)).distinct().count())
        .isEqualTo(drained.size());
  }

  @Test
  void badLinesAreLoggedOnceThenAtMostOncePerPeriodWithTheCount() {
    Logger logger = (Logger) LoggerFactory.getLogger(DogStatsdBuckets.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      send("bad one");
      send("bad two\nbad three");
      clock.advanceMillis(BadLineLog.PERIOD.toMillis());
      send("x:1|zz");
      assertThat(appender.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .containsExactly(
              "dropped 1 malformed DogStatsD line(s) since the last report; latest: metric (no '|'"
                  + " in the line): \"bad one\"",
              "dropped 3 malformed DogStatsD line(s) since the last report; latest: metric (unknown"
                  + " metric type (expected g, c, ms, h, s or d)): \"x:1|zz\"");
    } finally {
      logger.detachAppender(appender);
    }
  }
}
