package io.chouette.storage.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chouette.core.config.ConfigException;
import io.chouette.core.storage.NewRecord;
import io.chouette.core.storage.Queue;
import io.chouette.core.storage.StorageEngine;
import io.chouette.core.storage.StorageEngineProvider;
import io.chouette.core.storage.StorageException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The provider is found by name, validates its env, and opens without Redis being up. */
class RedisStorageEngineProviderTest {

  private static StorageEngineProvider provider() {
    return ServiceLoader.load(StorageEngineProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("redis"))
        .findFirst()
        .orElseThrow();
  }

  /** A loopback port where nothing listens (bound, then released). */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void isFoundByServiceLoaderUnderItsName() {
    assertThat(provider()).isInstanceOf(RedisStorageEngineProvider.class);
  }

  @Test
  void badSettingsStopStartup() {
    assertThatThrownBy(() -> provider().configure(Map.of("REDIS_PORT", "six")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("REDIS_PORT");
  }

  @Test
  void describesItsConfigurationWithoutThePassword() {
    var factory = provider().configure(Map.of("REDIS_HOST", "cache", "REDIS_PASSWORD", "hunter2"));
    assertThat(factory.describe())
        .isEqualTo("redis redis://cache:6379/0 (with password), at most 1000000 records");
  }

  @Test
  void storageMaxRecordsSetsTheBound() {
    var factory = provider().configure(Map.of("STORAGE_MAX_RECORDS", "250000"));
    assertThat(factory.describe()).endsWith(", at most 250000 records");
    try (StorageEngine engine = factory.open()) {
      assertThat(engine.describeBound()).isEqualTo("250000 records");
    }
  }

  @Test
  void badStorageMaxRecordsIsReportedWithTheOtherProblems() {
    for (String bad : List.of("0", "-5", "many", "1e6", "99999999999")) {
      assertThatThrownBy(
              () -> provider().configure(Map.of("STORAGE_MAX_RECORDS", bad, "REDIS_PORT", "six")))
          .as(bad)
          .isInstanceOf(ConfigException.class)
          .satisfies(
              e ->
                  assertThat(((ConfigException) e).problems())
                      .anyMatch(p -> p.startsWith("STORAGE_MAX_RECORDS: expected an integer >= 1"))
                      .anyMatch(p -> p.startsWith("REDIS_PORT")));
    }
  }

  @Test
  void opensWhileRedisIsDownAndFailsOperationsCleanly() throws IOException {
    int port = closedPort();
    var factory =
        provider().configure(Map.of("REDIS_HOST", "127.0.0.1", "REDIS_PORT", String.valueOf(port)));

    StorageEngine engine = factory.open();
    try {
      assertThat(engine.isReachable()).isFalse();
      assertThatThrownBy(
              () -> engine.storeRecords(Queue.RAW_METRICS, List.of(new NewRecord(1, "{}"))))
          .isInstanceOf(StorageException.class)
          .hasMessageStartingWith(
              "Redis redis://127.0.0.1:" + port + "/0: storeRecords chouette:metrics:raw failed");
      assertThatThrownBy(() -> engine.queueSize(Queue.RAW_METRICS))
          .isInstanceOf(StorageException.class);
      assertThat(((RedisStorageEngine) engine).awaitReachable(Duration.ofMillis(300))).isFalse();
    } finally {
      engine.close();
    }
  }
}
