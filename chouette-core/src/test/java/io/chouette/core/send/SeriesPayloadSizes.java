package io.chouette.core.send;

import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.metric.WrappedMetricCodec;
import io.chouette.core.storage.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Compressed bytes per metric: merged series (this port) against one series entry per record (the
 * original), on the same realistic workload. Not a test: a measurement main whose figures go into
 * docs/PERFORMANCE.md.
 *
 * <p>The workload is one IoT node: the host collector every 30 s (cpu, 3 filesystems, memory, load,
 * 2 network interfaces), the docker collector for 5 containers every 30 s, and an application's
 * metrics aggregated every 10 s (20 counters by route and status, 5 histograms wrapped into
 * avg/count/max/median/95percentile), plus Chouette's self-metrics every minute. Global tags and
 * HOST as a typical deployment sets them.
 */
public final class SeriesPayloadSizes {

  private static final List<String> GLOBAL_TAGS =
      List.of("env:production", "site:warehouse-3", "fleet:pi-gateways");
  private static final String HOST = "pi-gateway-0042";

  private SeriesPayloadSizes() {}

  public static void main(String[] args) {
    SeriesFormat format = new SeriesFormat(GLOBAL_TAGS, HOST);
    System.out.println(
        "| workload | records | series entries | merged: bytes raw / deflated | per record: bytes"
            + " raw / deflated | deflated bytes per metric, merged / per record | saving |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (int minutes : new int[] {1, 10, 60}) {
      List<StoredRecord> records = workload(minutes);
      // A bulk is at most METRICS_BULK_SIZE (10000) records: measure the first one.
      List<StoredRecord> bulk = records.subList(0, Math.min(records.size(), 10_000));
      var items = format.parse(bulk).items();
      byte[] merged = format.encode(items);
      byte[] unmerged = format.encodeUnmerged(items);
      byte[] mergedDeflated = Deflate.compress(merged);
      byte[] unmergedDeflated = Deflate.compress(unmerged);
      long entries = items.stream().map(i -> i.value().series()).distinct().count();
      System.out.printf(
          "| %s | %d | %d | %d / %d | %d / %d | %.2f / %.2f | %.0f%% |%n",
          minutes == 1
              ? "one release tick (60 s)"
              : minutes + " min backlog" + (records.size() > bulk.size() ? ", first bulk" : ""),
          items.size(),
          entries,
          merged.length,
          mergedDeflated.length,
          unmerged.length,
          unmergedDeflated.length,
          (double) mergedDeflated.length / items.size(),
          (double) unmergedDeflated.length / items.size(),
          100.0 * (unmergedDeflated.length - mergedDeflated.length) / unmergedDeflated.length);
    }
  }

  /** The wrapped records {@code minutes} of one node produce, oldest first. */
  static List<StoredRecord> workload(int minutes) {
    Random random = new Random(42);
    List<StoredRecord> records = new ArrayList<>();
    long start = 1_714_564_800L;
    int key = 0;
    for (long t = start; t < start + minutes * 60L; t += 10) {
      if ((t - start) % 30 == 0) {
        add(
            records,
            key++,
            gauge("Chouette.host.cpu.percentage", List.of(), t, 5 + 40 * random.nextDouble()));
        for (String device : List.of("/dev/mmcblk0p2", "/dev/mmcblk0p1", "/dev/sda1")) {
          double used = 1e9 + random.nextInt(1_000_000) * 1000.0;
          add(records, key++, gauge("Chouette.host.fs.used", List.of("device:" + device), t, used));
          add(
              records,
              key++,
              gauge("Chouette.host.fs.free", List.of("device:" + device), t, 3.2e10 - used));
        }
        double memory = 4.1e8 + random.nextInt(50_000_000);
        add(records, key++, gauge("Chouette.host.memory.used", List.of(), t, memory));
        add(records, key++, gauge("Chouette.host.memory.available", List.of(), t, 3.9e9 - memory));
        add(
            records,
            key++,
            gauge(
                "Chouette.host.la",
                List.of("period:1m"),
                t,
                Math.round(random.nextDouble() * 200) / 100.0));
        for (String iface : List.of("eth0", "wlan0")) {
          add(
              records,
              key++,
              gauge(
                  "Chouette.host.network.bytes.sent",
                  List.of("iface:" + iface),
                  t,
                  random.nextInt(5_000_000)));
          add(
              records,
              key++,
              gauge(
                  "Chouette.host.network.bytes.recv",
                  List.of("iface:" + iface),
                  t,
                  random.nextInt(5_000_000)));
        }
        for (String container :
            List.of("redis", "chouette", "mqtt-bridge", "camera-reader", "uploader")) {
          add(
              records,
              key++,
              gauge(
                  "Chouette.docker.memory.usage",
                  List.of("container:" + container),
                  t,
                  2e7 + random.nextInt(80_000_000)));
          add(
              records,
              key++,
              gauge(
                  "Chouette.docker.cpu.usage",
                  List.of("container:" + container),
                  t,
                  100 * random.nextDouble()));
        }
      }
      for (String route :
          List.of("/api/v1/readings", "/api/v1/status", "/api/v1/config", "/health", "/metrics")) {
        for (String status : List.of("200", "201", "404", "500")) {
          add(
              records,
              key++,
              new WrappedMetric(
                  "app.http.requests",
                  "count",
                  List.of("route:" + route, "status:" + status),
                  t,
                  random.nextInt(50),
                  10));
        }
      }
      for (String histogram :
          List.of(
              "app.http.latency",
              "app.db.query",
              "app.mqtt.publish",
              "app.sensor.read",
              "app.upload.size")) {
        double base = 1 + 100 * random.nextDouble();
        add(records, key++, gauge(histogram + ".avg", List.of(), t, base));
        add(
            records,
            key++,
            new WrappedMetric(
                histogram + ".count", "rate", List.of(), t, random.nextInt(100) / 10.0, 10));
        add(records, key++, gauge(histogram + ".max", List.of(), t, base * 3));
        add(records, key++, gauge(histogram + ".median", List.of(), t, base * 0.9));
        add(records, key++, gauge(histogram + ".95percentile", List.of(), t, base * 2.5));
      }
      if ((t - start) % 60 == 0) {
        add(
            records,
            key++,
            gauge("chouette.queued.metrics", List.of(), t, 100 + random.nextInt(100)));
        add(
            records,
            key++,
            new WrappedMetric(
                "chouette.dispatched.metrics.number",
                "count",
                List.of(),
                t,
                300 + random.nextInt(50),
                10));
        add(
            records,
            key++,
            new WrappedMetric(
                "chouette.dispatched.metrics.bytes",
                "count",
                List.of(),
                t,
                9000 + random.nextInt(2000),
                10));
      }
    }
    return records;
  }

  private static WrappedMetric gauge(String name, List<String> tags, long t, double value) {
    return WrappedMetric.gauge(name, tags, t, value);
  }

  private static void add(List<StoredRecord> records, int key, WrappedMetric metric) {
    records.add(new StoredRecord("k" + key, WrappedMetricCodec.toJson(metric)));
  }
}
