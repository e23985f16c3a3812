package io.chouette.core.dogstatsd.origin;

import io.chouette.core.config.OriginDetectionConfig;
import io.chouette.core.config.OriginDetectionConfig.Cardinality;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * From a sender (container id, or process id) to the container's tags, as one byte string ready to
 * append to a tag field ({@code image_name:redis,short_image:redis,...}).
 *
 * <p>The receive path only reads two caches and never waits: a miss or an expired entry starts a
 * lookup in the background ({@code <proc root>/<pid>/cgroup} on this resolver's thread, the
 * container through the {@link ContainerLookup} port, bounded by {@link #LOOKUP_TIMEOUT}) and the
 * metric passes untagged meanwhile; an expired entry keeps serving its tags while it is refreshed.
 * A container the engine does not know, or an engine that does not answer, is asked again after
 * {@link #RETRY_AFTER}.
 */
public final class OriginResolver implements AutoCloseable {

  static final Duration TAGS_TTL = Duration.ofMinutes(5);
  static final Duration PID_TTL = Duration.ofMinutes(1);
  static final Duration RETRY_AFTER = Duration.ofSeconds(30);
  static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(5);

  /** Entries per cache; beyond, the cache starts over (a node runs far fewer containers). */
  static final int MAX_ENTRIES = 4_096;

  private static final Logger log = LoggerFactory.getLogger(OriginResolver.class);

  /** A cached answer, written by the lookup, read by the receive path. */
  private static final class Entry<T> {
    volatile T value;
    volatile long expiresAtMillis;
    volatile boolean loading = true;
  }

  private final ContainerLookup lookup;
  private final Cardinality cardinality;
  private final Path procRoot;
  private final ConcurrentHashMap<String, Entry<byte[][]>> containers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, Entry<String>> pids = new ConcurrentHashMap<>();
  private final ExecutorService procReader =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "chouette-dogstatsd-origin");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean engineFailureLogged;

  public OriginResolver(ContainerLookup lookup, OriginDetectionConfig config) {
    this.lookup = lookup;
    this.cardinality = config.cardinality();
    this.procRoot = config.procRoot();
  }

  /**
   * The tags of the container {@code containerId} or, when that is null, of the container of
   * process {@code pid} (0: unknown); null when none are known (yet).
   */
  public byte[] tags(String containerId, int pid, long nowMillis) {
    return tags(containerId, pid, nowMillis, cardinality);
  }

  /** As {@link #tags(String, int, long)}, with the tags of {@code wanted} cardinality. */
  public byte[] tags(String containerId, int pid, long nowMillis, Cardinality wanted) {
    String id = containerId;
    if (id == null) {
      if (pid <= 0) {
        return null;
      }
      id = cached(pids, pid, nowMillis, entry -> resolvePid(pid, entry));
      if (id == null) {
        return null;
      }
    }
    String container = id;
    byte[][] byCardinality =
        cached(containers, container, nowMillis, entry -> inspect(container, entry));
    return byCardinality == null ? null : byCardinality[wanted.ordinal()];
  }

  /** {@code DOGSTATSD_TAG_CARDINALITY}. */
  public Cardinality cardinality() {
    return cardinality;
  }

  private <K, V> V cached(
      ConcurrentHashMap<K, Entry<V>> cache, K key, long nowMillis, Consumer<Entry<V>> load) {
    Entry<V> entry = cache.get(key);
    if (entry == null) {
      if (cache.size() >= MAX_ENTRIES) {
        cache.clear();
      }
      entry = new Entry<>();
      cache.put(key, entry);
      load.accept(entry);
      return entry.value; // null unless the answer was already there
    }
    if (!entry.loading && nowMillis >= entry.expiresAtMillis) {
      entry.loading = true;
      load.accept(entry);
    }
    return entry.value;
  }

  private void resolvePid(int pid, Entry<String> entry) {
    try {
      procReader.execute(
          () -> {
            Optional<String> id = CgroupContainerId.of(procRoot, pid);
            entry.value = id.orElse(null);
            entry.expiresAtMillis = System.currentTimeMillis() + PID_TTL.toMillis();
            entry.loading = false;
          });
    } catch (RuntimeException e) { // closed
      entry.loading = false;
    }
  }

  private void inspect(String id, Entry<byte[][]> entry) {
    lookup
        .inspect(id)
        .orTimeout(LOOKUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (container, failure) -> {
              long now = System.currentTimeMillis();
              if (failure != null) {
                logEngineFailure(failure);
                // keep the tags known before, if any, until the engine answers again
                entry.expiresAtMillis = now + RETRY_AFTER.toMillis();
              } else if (container.isEmpty()) {
                entry.value = null;
                entry.expiresAtMillis = now + RETRY_AFTER.toMillis();
              } else {
                engineFailureLogged = false;
                entry.value = bytes(container.get());
                entry.expiresAtMillis = now + TAGS_TTL.toMillis();
              }
              entry.loading = false;
            });
  }

  /** Its tags at each cardinality, by ordinal. */
  private static byte[][] bytes(ContainerInfo container) {
    Cardinality[] all = Cardinality.values();
    byte[][] tags = new byte[all.length][];
    for (Cardinality each : all) {
      tags[each.ordinal()] =
          String.join(",", ContainerTags.of(container, each)).getBytes(StandardCharsets.UTF_8);
    }
    return tags;
  }

  private void logEngineFailure(Throwable failure) {
    if (!engineFailureLogged) {
      engineFailureLogged = true;
      log.warn(
          "DogStatsD origin detection: the container engine did not answer ({}); metrics pass"
              + " without container tags until it does",
          failure.toString());
    }
  }

  @Override
  public void close() {
    procReader.shutdownNow();
    lookup.close();
  }
}
