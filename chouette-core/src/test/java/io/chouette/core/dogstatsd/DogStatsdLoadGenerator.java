package io.chouette.core.dogstatsd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end DogStatsD load test (docs/PERFORMANCE.md): starts Chouette from its jar with in-memory
 * storage, offers DogStatsD traffic at a fixed rate for a fixed time on loopback (or a Unix
 * socket), stops Chouette with SIGTERM and reports offered vs aggregated metrics (from the totals
 * Chouette logs when it stops listening), Chouette's CPU and RSS (from /proc) and the kernel's UDP
 * receive-buffer drops.
 *
 * <pre>
 * java -cp chouette-core/target/test-classes io.chouette.core.dogstatsd.DogStatsdLoadGenerator \
 *   --jar chouette-app/target/chouette.jar --mode packed --rate 1000000 --seconds 60
 * </pre>
 *
 * Options: {@code --mode packed|single}, {@code --traffic mix|distributions} (the type mix of
 * {@link DogStatsdTraffic}, or {@code |d} lines only, aggregated into sketches by default), {@code
 * --rate} metric lines per second, {@code --seconds}, {@code --contexts} (1000), {@code --threads}
 * sending threads (1), {@code --rcvbuf} DOGSTATSD_SO_RCVBUF (4194304), {@code --jvm} extra JVM
 * options for Chouette, {@code --wrapper} METRICS_WRAPPER (datadog), {@code --progress true} a line
 * per second, {@code --storage memory|sqlite} CHOUETTE_STORAGE_TYPE (memory; sqlite in a new
 * temporary directory), {@code --transport udp|uds|uds_stream} ({@link LoadTransport}; the Unix
 * transports need junixsocket on the class path, e.g. the packaged jar), {@code --origin on} origin
 * detection on, every line with a {@code |c:} field among 10 container ids, answered by a fake
 * Docker Engine ({@code fields}: the same lines, detection off; {@code pid}: detection on, no such
 * field, so that each datagram's container is looked for from its sender's pid; {@code off}: no
 * such field, detection off), {@code --sender java|native} who offers the measured run: Java
 * threads (java), or one process per thread of the C program {@code
 * chouette-core/src/test/c/dogstatsd-sender.c} ({@link NativeSenders}; compiled with gcc at start,
 * {@code --sender-source} its path if not run from the project's root, {@code --sender-batch} the
 * datagrams it hands the kernel a system call, 1 by default), cheaper per datagram, for rates the
 * Java senders cannot offer on few cores; the warm-up passes stay Java. Linux only (/proc);
 * loopback only.
 */
public final class DogStatsdLoadGenerator {

  private static final Pattern TOTALS =
      Pattern.compile(
          "(\\d+) packets, (\\d+) metric lines, (\\d+) samples aggregated, (\\d+) events, (\\d+)"
              + " service checks, (\\d+) parse errors, (\\d+) samples dropped");
  private static final long CLOCK_TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux
  private static final long WARM_UP_RATE = 20_000;

  private DogStatsdLoadGenerator() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    String jar = options.getOrDefault("jar", "chouette-app/target/chouette.jar");
    String mode = options.getOrDefault("mode", "packed");
    String kind = options.getOrDefault("traffic", "mix");
    long rate = Long.parseLong(options.getOrDefault("rate", "1000000"));
    int seconds = Integer.parseInt(options.getOrDefault("seconds", "60"));
    int contexts = Integer.parseInt(options.getOrDefault("contexts", "1000"));
    int threads = Integer.parseInt(options.getOrDefault("threads", "1"));
    String receiveBuffer = options.getOrDefault("rcvbuf", "4194304");
    String jvm = options.getOrDefault("jvm", "");
    String wrapper = options.getOrDefault("wrapper", "datadog");
    String transport = options.getOrDefault("transport", "udp");
    String originMode = options.getOrDefault("origin", "off");
    boolean origin = originMode.equals("on") || originMode.equals("pid");
    boolean containerFields = originMode.equals("on") || originMode.equals("fields");
    String senderKind = options.getOrDefault("sender", "java");
    NativeSenders nativeSenders = null;
    if (senderKind.equals("native")) {
      nativeSenders =
          NativeSenders.compile(
              Path.of(options.getOrDefault("sender-source", NativeSenders.DEFAULT_SOURCE)),
              Integer.parseInt(options.getOrDefault("sender-batch", "1")));
    } else if (!senderKind.equals("java")) {
      throw new IllegalArgumentException("--sender java|native, not " + senderKind);
    }
    Path socketDir = Files.createTempDirectory("chouette-load-");
    Path socket = socketDir.resolve("dsd.socket");

    int port;
    try (DatagramChannel probe = DatagramChannel.open()) {
      probe.bind(new InetSocketAddress("127.0.0.1", 0));
      port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
    }
    Path log = Files.createTempFile("chouette-load-", ".log");
    List<String> command = new ArrayList<>(List.of("java"));
    for (String option : jvm.trim().split("\\s+")) {
      if (!option.isEmpty()) {
        command.add(option);
      }
    }
    command.addAll(List.of("-jar", jar));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    String storage = options.getOrDefault("storage", "memory");
    env.put("CHOUETTE_STORAGE_TYPE", storage);
    if (storage.equals("sqlite")) {
      env.put("CHOUETTE_DATA_DIR", socketDir.resolve("data").toString());
    }
    env.put("API_KEY", "x");
    env.put("GLOBAL_TAGS", "[]");
    env.put("DATADOG_URL", "http://127.0.0.1:9/api"); // nothing listens: sends fail, data stays
    env.put("DATADOG_LOGS_URL", "http://127.0.0.1:9");
    env.put("METRICS_WRAPPER", wrapper);
    LoadTransport.configure(transport, port, socket, env);
    env.put("DOGSTATSD_SO_RCVBUF", receiveBuffer);
    if (origin) {
      Path docker = socketDir.resolve("docker.sock");
      LoadTransport.fakeEngine(docker);
      env.put("DOGSTATSD_ORIGIN_DETECTION", "true");
      env.put("DOCKER_SOCKET_PATH", docker.toString());
    }
    Process chouette = builder.start();
    long pid = chouette.pid();
    waitFor(log, "DogStatsD listening", 60);
    System.out.printf(
        Locale.ROOT,
        "Chouette pid %d listening on %s (JVM options: '%s', wrapper %s)%n",
        pid,
        transport.equals("udp") ? "127.0.0.1:" + port : transport + "://" + socket,
        jvm,
        wrapper);

    DogStatsdTraffic traffic = new DogStatsdTraffic(contexts, 42, kind.equals("distributions"));
    List<DogStatsdTraffic.Datagram> pool =
        mode.equals("single") ? traffic.single(contexts * 10) : traffic.packed(contexts * 100);
    if (containerFields) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        ids.add(String.format(Locale.ROOT, "%064x", 0x1000 + i));
      }
      pool = LoadTransport.withContainerIds(pool, ids);
    }
    List<DogStatsdTraffic.Datagram> offer = pool;
    Path poolFile = nativeSenders == null ? null : NativeSenders.writePool(offer);
    // The generator warms up too (its JIT), against a socket nobody reads, so that the measured
    // run offers the target rate from its first second.
    try (DatagramChannel sink = DatagramChannel.open()) {
      sink.bind(new InetSocketAddress("127.0.0.1", 0));
      int sinkPort = ((InetSocketAddress) sink.getLocalAddress()).getPort();
      AtomicLong ignored = new AtomicLong();
      send(
          "udp",
          sinkPort,
          socket,
          pool,
          0,
          1,
          rate,
          2,
          System.nanoTime(),
          ignored,
          ignored,
          ignored,
          ignored);
    }
    // Chouette warms up as well, at a low rate, so that its one-time costs fall before the
    // measured run: its JIT, and with origin detection the first lookup of each container (the
    // Docker client's classes load then). These lines are left out of the share aggregated.
    AtomicLong warmUpLines = new AtomicLong();
    AtomicLong warmUpDatagrams = new AtomicLong();
    AtomicLong warmUpIgnored = new AtomicLong();
    send(
        transport,
        port,
        socket,
        pool,
        0,
        1,
        Math.min(rate, WARM_UP_RATE),
        2,
        System.nanoTime(),
        warmUpLines,
        warmUpDatagrams,
        warmUpIgnored,
        warmUpIgnored);
    Thread.sleep(1_000); // a load tool's settling time, not a test assertion
    long udpDropsBefore = udpReceiveBufferErrors();
    long cpuBefore = cpuTicks(pid);
    long start = System.nanoTime();
    AtomicLong offered = new AtomicLong();
    AtomicLong datagrams = new AtomicLong();
    AtomicLong sendErrors = new AtomicLong();
    AtomicLong skipped = new AtomicLong();
    long[] maxRss = {0};
    boolean progress = Boolean.parseBoolean(options.getOrDefault("progress", "false"));
    Thread rssSampler =
        new Thread(
            () -> {
              long drops = udpDropsBefore;
              long ticks = cpuBefore;
              long period = Long.parseLong(options.getOrDefault("progress-ms", "1000"));
              while (!Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(period));
                long rss = rssKb(pid);
                maxRss[0] = Math.max(maxRss[0], rss);
                if (progress) {
                  long nowDrops = udpReceiveBufferErrorsOrZero();
                  long nowTicks = cpuTicksOrZero(pid);
                  System.out.printf(
                      Locale.ROOT,
                      "  t=%4.1fs  kernel drops +%,d  CPU %.2f cores  RSS %,d KiB%n",
                      (System.nanoTime() - start) / 1e9,
                      nowDrops - drops,
                      (nowTicks - ticks) / (double) CLOCK_TICKS_PER_SECOND * 1000 / period,
                      rss);
                  drops = nowDrops;
                  ticks = nowTicks;
                }
              }
            });
    rssSampler.setDaemon(true);
    rssSampler.start();
    if (nativeSenders != null) {
      nativeSenders.send(
          transport,
          port,
          socket,
          poolFile,
          threads,
          rate,
          seconds,
          offered,
          datagrams,
          skipped,
          sendErrors);
    } else {
      List<Thread> senders = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        Thread sender =
            new Thread(
                () ->
                    send(
                        transport,
                        port,
                        socket,
                        offer,
                        first,
                        threads,
                        rate / threads,
                        seconds,
                        start,
                        offered,
                        datagrams,
                        skipped,
                        sendErrors));
        sender.start();
        senders.add(sender);
      }
      for (Thread sender : senders) {
        sender.join();
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long cpuAfter = cpuTicks(pid);
    long rssAtEnd = rssKb(pid);
    rssSampler.interrupt();
    // Let the receiver empty the socket buffer, then stop Chouette as an orchestrator would.
    Thread.sleep(1_000); // a load tool's grace period, not a test assertion
    long udpDrops = udpReceiveBufferErrors() - udpDropsBefore;
    chouette.destroy(); // SIGTERM
    if (!chouette.waitFor(60, TimeUnit.SECONDS)) {
      chouette.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Matcher totals = TOTALS.matcher(output);
    long aggregated = -1;
    long dropped = -1;
    long packets = -1;
    if (totals.find()) {
      packets = Long.parseLong(totals.group(1)) - warmUpDatagrams.get();
      aggregated = Long.parseLong(totals.group(3)) - warmUpLines.get();
      dropped = Long.parseLong(totals.group(7));
    }
    double cpuSeconds = (cpuAfter - cpuBefore) / (double) CLOCK_TICKS_PER_SECOND;
    System.out.printf(
        Locale.ROOT,
        "mode %s, traffic %s, %d contexts, %d sending thread(s) (%s sender), target %,d metrics/s"
            + " for %d s%noffered:    %,d metrics in %,d datagrams (%,.0f metrics/s, %,.0f"
            + " datagrams/s), %d send errors, %,d lines skipped by the generator%nreceived:   %,d"
            + " datagrams; kernel receive-buffer drops during the run: %,d%naggregated: %,d samples"
            + " (%.3f%% of offered), %,d dropped by Chouette's bounds%nChouette:   CPU %.2f cores"
            + " (%.1f s over %.1f s), RSS %,d KiB at the end, %,d KiB max%nwarm-up:    %,d lines"
            + " before the measured run, left out of the datagrams received and the samples"
            + " aggregated%nexit status %d; log %s%n",
        mode,
        kind,
        contexts,
        threads,
        senderKind,
        rate,
        seconds,
        offered.get(),
        datagrams.get(),
        offered.get() / elapsed,
        datagrams.get() / elapsed,
        sendErrors.get(),
        skipped.get(),
        packets,
        udpDrops,
        aggregated,
        100.0 * aggregated / offered.get(),
        dropped,
        cpuSeconds / elapsed,
        cpuSeconds,
        elapsed,
        rssAtEnd,
        maxRss[0],
        warmUpLines.get(),
        chouette.exitValue(),
        log);
  }

  /** Sends pool entries first, first + step, ... at {@code rate} lines/s until time is up. */
  private static void send(
      String transport,
      int port,
      Path socket,
      List<DogStatsdTraffic.Datagram> pool,
      int first,
      int step,
      long rate,
      int seconds,
      long start,
      AtomicLong offered,
      AtomicLong datagrams,
      AtomicLong skipped,
      AtomicLong sendErrors) {
    List<ByteBuffer> buffers = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    for (int i = first; i < pool.size(); i += step) {
      buffers.add(LoadTransport.payload(transport, pool.get(i).bytes()));
      lines.add(pool.get(i).lines());
    }
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    long sentLines = 0;
    long sentDatagrams = 0;
    long skippedLines = 0;
    long maxLag = Math.max(1, rate / 100); // 10 ms of traffic, well within the socket buffer
    int next = 0;
    try (WritableByteChannel channel = LoadTransport.connect(transport, port, socket)) {
      while (true) {
        long now = System.nanoTime();
        if (now >= end) {
          break;
        }
        long due = (long) ((now - start) / 1e9 * rate) - skippedLines;
        if (due - sentLines > maxLag) {
          // The generator itself stalled (its JIT, GC, scheduling): a fixed-rate offer does not
          // catch up in a burst; the lines it could not offer in time are reported as skipped.
          skippedLines += due - sentLines - maxLag;
          due = sentLines + maxLag;
        }
        if (sentLines >= due) {
          LockSupport.parkNanos(50_000);
          continue;
        }
        while (sentLines < due) {
          ByteBuffer buffer = buffers.get(next);
          buffer.rewind();
          try {
            while (buffer.hasRemaining()) {
              channel.write(buffer);
            }
          } catch (IOException e) {
            sendErrors.incrementAndGet();
          }
          sentLines += lines.get(next);
          sentDatagrams++;
          next = next + 1 == buffers.size() ? 0 : next + 1;
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    offered.addAndGet(sentLines);
    datagrams.addAndGet(sentDatagrams);
    skipped.addAndGet(skippedLines);
  }

  private static void waitFor(Path log, String text, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
        return;
      }
      Thread.sleep(100); // polling a process's log, not a test
    }
    throw new IllegalStateException("Chouette did not start; see " + log);
  }

  /** utime + stime of a process, in clock ticks (/proc/pid/stat fields 14 and 15). */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static long cpuTicksOrZero(long pid) {
    try {
      return cpuTicks(pid);
    } catch (IOException e) {
      return 0;
    }
  }

  private static long udpReceiveBufferErrorsOrZero() {
    try {
      return udpReceiveBufferErrors();
    } catch (IOException e) {
      return 0;
    }
  }

  private static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D+", ""));
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return 0;
  }

  /** UDP RcvbufErrors of the whole host (/proc/net/snmp): datagrams dropped, buffer full. */
  private static long udpReceiveBufferErrors() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("/proc/net/snmp"));
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (lines.get(i).startsWith("Udp:") && lines.get(i + 1).startsWith("Udp:")) {
        String[] names = lines.get(i).split("\\s+");
        String[] values = lines.get(i + 1).split("\\s+");
        for (int k = 0; k < names.length; k++) {
          if (names[k].equals("RcvbufErrors")) {
            return Long.parseLong(values[k]);
          }
        }
      }
    }
    return -1;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, found " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }
}
