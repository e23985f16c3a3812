package io.chouette.core.dogstatsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.dogstatsd.DogStatsdLine.Invalid;
import io.chouette.core.dogstatsd.DogStatsdLine.Metric;
import io.chouette.core.metric.MergedMetric;
import io.chouette.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Properties over generated input, with fixed seeds so that a failure can be replayed: random bytes
 * never make the parser or the buckets throw, whatever is accepted is well-formed, and generated
 * valid lines read back as generated.
 */
class DogStatsdParserPropertyTest {

  private static final byte[] ALPHABET =
      "|:#@,\n\r_e{}sc0123456789.-+eETxpgchmsd \u00ff\u0000ab"
          .getBytes(StandardCharsets.ISO_8859_1);

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 20240601})
  void randomBytesNeverThrowAndOnlyWellFormedMetricsComeOut(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 5_000; i++) {
      byte[] datagram = randomBytes(random, random.nextInt(300));
      List<DogStatsdLine> lines = DogStatsdParser.parse(datagram);
      lines.forEach(DogStatsdParserPropertyTest::assertWellFormed);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {7, 8, 9})
  void mutatedValidLinesNeverThrow(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 5_000; i++) {
      byte[] datagram = validLine(random).getBytes(StandardCharsets.UTF_8);
      int mutations = 1 + random.nextInt(4);
      for (int m = 0; m < mutations && datagram.length > 0; m++) {
        datagram[random.nextInt(datagram.length)] = ALPHABET[random.nextInt(ALPHABET.length)];
      }
      DogStatsdParser.parse(datagram).forEach(DogStatsdParserPropertyTest::assertWellFormed);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13})
  void generatedValidLinesReadBackAsGenerated(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 2_000; i++) {
      String name = "m" + random.nextInt(1000) + ".x_y";
      DogStatsdType type = DogStatsdType.values()[random.nextInt(DogStatsdType.values().length)];
      List<Double> values = new ArrayList<>();
      StringBuilder line = new StringBuilder(name).append(':');
      String member = null;
      if (type == DogStatsdType.SET) {
        member = "u" + random.nextInt(100) + ":" + random.nextInt(10);
        line.append(member);
      } else {
        int count = 1 + random.nextInt(4);
        for (int v = 0; v < count; v++) {
          double value = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(20) - 10);
          values.add(value);
          line.append(v > 0 ? ":" : "").append(Double.toString(value));
        }
      }
      line.append('|').append(type.code());
      double rate = random.nextBoolean() ? 1.0 : (1 + random.nextInt(1000)) / 1000.0;
      List<String> tags = List.of("env:" + random.nextInt(3), "bare" + random.nextInt(3));
      long timestamp = random.nextBoolean() ? 0 : 1_600_000_000L + random.nextInt(1000);
      List<String> fields = new ArrayList<>(List.of("#" + String.join(",", tags), "c:abc"));
      if (rate != 1.0) {
        fields.add("@" + String.format(Locale.ROOT, "%.6f", rate));
      }
      if (timestamp != 0) {
        fields.add("T" + timestamp);
      }
      java.util.Collections.shuffle(fields, random);
      fields.forEach(field -> line.append('|').append(field));

      assertThat(DogStatsdParser.parse(line.toString()))
          .as(line.toString())
          .containsExactly(new Metric(name, type, values, member, rate, tags, timestamp));
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {21, 22})
  void bucketsNeverThrowOnRandomDatagramsAndCountEveryLine(long seed) {
    Random random = new Random(seed);
    MutableClock clock = MutableClock.atSeconds(1_600_000_000);
    DogStatsdBuckets buckets = new DogStatsdBuckets(Duration.ofSeconds(10), 50, true, clock);
    long lines = 0;
    for (int i = 0; i < 3_000; i++) {
      byte[] datagram =
          random.nextBoolean()
              ? randomBytes(random, random.nextInt(200))
              : validLine(random).getBytes(StandardCharsets.UTF_8);
      lines += DogStatsdParser.parse(datagram).size();
      buckets.ingest(datagram, 0, datagram.length);
      clock.advanceMillis(random.nextInt(50));
      if (i % 500 == 0) {
        buckets.drainClosed(clock.millis() / 1000.0, false).forEach(this::assertFinite);
      }
    }
    buckets.drainClosed(0, true).forEach(this::assertFinite);
    DogStatsdTotals totals = buckets.totals();
    assertThat(totals.packets()).isEqualTo(3_000);
    assertThat(
            totals.metricLines() + totals.events() + totals.serviceChecks() + totals.parseErrors())
        .isEqualTo(lines);
    assertThat(buckets.liveContexts()).isZero();
  }

  private void assertFinite(MergedMetric metric) {
    assertThat(metric.values()).allMatch(Double::isFinite);
    assertThat(metric.weights()).allMatch(w -> w >= 1);
  }

  private static void assertWellFormed(DogStatsdLine line) {
    if (line instanceof Metric metric) {
      assertThat(metric.name()).isNotEmpty();
      assertThat(metric.sampleRate()).isGreaterThan(0).isLessThanOrEqualTo(1);
      assertThat(metric.timestamp()).isGreaterThanOrEqualTo(0);
      assertThat(metric.tags()).noneMatch(String::isEmpty);
      if (metric.type() == DogStatsdType.SET) {
        assertThat(metric.setMember()).isNotEmpty();
        assertThat(metric.values()).isEmpty();
      } else {
        assertThat(metric.values()).isNotEmpty().allMatch(Double::isFinite);
      }
    } else if (line instanceof Invalid invalid) {
      assertThat(invalid.problem()).isNotNull();
      assertThat(invalid.of()).isNotNull();
    }
  }

  private static byte[] randomBytes(Random random, int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] =
          random.nextInt(4) == 0
              ? (byte) random.nextInt(256)
              : ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return bytes;
  }

  private static String validLine(Random random) {
    switch (random.nextInt(5)) {
      case 0:
        return "_e{5,4}:title|text|#a";
      case 1:
        return "_sc|check|" + random.nextInt(4) + "|m:msg";
      default:
        DogStatsdType type = DogStatsdType.values()[random.nextInt(DogStatsdType.values().length)];
        return "metric."
            + random.nextInt(20)
            + ":"
            + random.nextInt(100)
            + ":1.5|"
            + type.code()
            + "|@0.5|#env:test,k:"
            + random.nextInt(5)
            + (random.nextBoolean() ? "|T1600000000" : "");
    }
  }
}
