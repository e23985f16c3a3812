package io.chouette.core.dogstatsd.mapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The mapper's results by metric name, misses included, least recently used first out beyond {@code
 * capacity} entries (the Agent's LRU of {@code dogstatsd_mapper_cache_size}). Not thread-safe:
 * {@link MetricMapper} guards it.
 */
final class MapperCache {

  private final LinkedHashMap<String, Optional<MapResult>> entries;

  MapperCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("cache size must be at least 1, found " + capacity);
    }
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Optional<MapResult>> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The cached result (empty: a cached miss), or null when the name is not cached. */
  Optional<MapResult> get(String name) {
    return entries.get(name);
  }

  void put(String name, Optional<MapResult> result) {
    entries.put(name, result);
  }

  int size() {
    return entries.size();
  }
}
