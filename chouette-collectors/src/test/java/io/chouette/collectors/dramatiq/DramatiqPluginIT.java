package io.chouette.collectors.dramatiq;

import static io.chouette.collectors.Fixtures.CAPTURE_INTERVAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chouette.collectors.CollectorPluginContractTest;
import io.chouette.core.collect.spi.CollectorPlugin;
import io.chouette.core.config.ConfigException;
import io.chouette.core.metric.WrappedMetric;
import io.chouette.core.testing.LogCapture;
import io.chouette.redis.testing.RedisServer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** The plugin against a real redis-server holding Dramatiq's keys. */
class DramatiqPluginIT extends CollectorPluginContractTest {

  private static RedisServer server;
  private static JedisPooled redis;

  @BeforeAll
  static void startRedis() throws Exception {
    server = RedisServer.start(RedisServer.Persistence.NONE);
    redis = new JedisPooled("127.0.0.1", server.port());
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
    server.close();
  }

  @BeforeEach
  void emptyRedis() {
    redis.flushAll();
  }

  private static Map<String, String> env() {
    return Map.of("REDIS_HOST", "127.0.0.1", "REDIS_PORT", String.valueOf(server.port()));
  }

  private static DramatiqPlugin plugin() {
    return (DramatiqPlugin) new DramatiqPluginProvider().create(env(), CAPTURE_INTERVAL);
  }

  /** Puts {@code count} messages in Dramatiq's hash of {@code queue}. */
  private static void enqueue(String hash, int count) {
    for (int i = 0; i < count; i++) {
      redis.hset(hash, "message-" + i, "{\"queue_name\":\"x\",\"actor_name\":\"a\"}");
    }
  }

  private static Map<String, Double> sizes(List<WrappedMetric> metrics) {
    assertThat(metrics).allMatch(m -> m.metric().equals("Chouette.dramatiq.queue_size"));
    return metrics.stream()
        .collect(Collectors.toMap(m -> String.join(",", m.tags()), WrappedMetric::value));
  }

  @Override
  protected String pluginName() {
    return "dramatiq";
  }

  @Override
  protected CollectorPlugin pluginOnFake() {
    enqueue("dramatiq:default.msgs", 2);
    return plugin();
  }

  @Test
  void sizeOfEveryQueueHash() {
    enqueue("dramatiq:default.msgs", 3);
    enqueue("dramatiq:emails.msgs", 1);
    enqueue("dramatiq:default.DQ.msgs", 2);
    redis.rpush("dramatiq:default", "message-0"); // the id list: not a .msgs hash
    redis.set("dramatiq:odd.msgs", "a string that matches the pattern");
    redis.hset("other:queue.msgs", "m", "not dramatiq's");

    try (DramatiqPlugin plugin = plugin();
        LogCapture log = LogCapture.of(DramatiqPlugin.class)) {
      assertThat(sizes(plugin.collect()))
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("queue:default", 3.0, "queue:emails", 1.0, "queue:default.DQ", 2.0));
      assertThat(log.warnings()).isEmpty();
    }
  }

  @Test
  void redisUrlAndDatabaseAreHonouredLikeTheStorageEngine() throws Exception {
    try (JedisPooled databaseTwo =
        new JedisPooled(java.net.URI.create("redis://127.0.0.1:" + server.port() + "/2"))) {
      for (int i = 0; i < 4; i++) {
        databaseTwo.hset("dramatiq:db2.msgs", "message-" + i, "{}");
      }
      try (DramatiqPlugin plugin =
          (DramatiqPlugin)
              new DramatiqPluginProvider()
                  .create(
                      Map.of("REDIS_URL", "redis://127.0.0.1:" + server.port() + "/2"),
                      CAPTURE_INTERVAL)) {
        assertThat(sizes(plugin.collect())).containsExactlyEntriesOf(Map.of("queue:db2", 4.0));
      } finally {
        databaseTwo.flushDB();
      }
    }
  }

  @Test
  void queueThatEmptiesIsReportedAsZero() {
    enqueue("dramatiq:default.msgs", 2);
    try (DramatiqPlugin plugin = plugin()) {
      assertThat(sizes(plugin.collect())).containsExactly(Map.entry("queue:default", 2.0));

      redis.hdel("dramatiq:default.msgs", "message-0", "message-1"); // Redis deletes the hash

      assertThat(redis.exists("dramatiq:default.msgs")).isFalse();
      assertThat(sizes(plugin.collect())).containsExactly(Map.entry("queue:default", 0.0));
    }
  }

  @Test
  void findsQueuesAcrossManyScanPages() {
    IntStream.range(0, 1_200).forEach(i -> redis.set("unrelated:" + i, "x"));
    IntStream.range(0, 30).forEach(i -> enqueue("dramatiq:q" + i + ".msgs", 1));

    try (DramatiqPlugin plugin = plugin()) {
      assertThat(sizes(plugin.collect()))
          .hasSize(30)
          .allSatisfy((tag, size) -> assertThat(size).isEqualTo(1.0));
    }
  }

  @Test
  void redisOutageIsOneWarningAndCollectionResumesAfterIt() throws Exception {
    enqueue("dramatiq:default.msgs", 1);
    try (DramatiqPlugin plugin = plugin();
        LogCapture log = LogCapture.of(DramatiqPlugin.class)) {
      assertThat(plugin.collect()).hasSize(1);

      server.stop();
      assertThat(plugin.collect()).isEmpty();
      assertThat(log.warnings())
          .singleElement()
          .asString()
          .startsWith("dramatiq: could not read queue sizes from 127.0.0.1:" + server.port());

      server.start(); // empty again: no persistence
      redis.close(); // the test's own connections died with the server
      redis = new JedisPooled("127.0.0.1", server.port());
      enqueue("dramatiq:default.msgs", 4);
      assertThat(sizes(plugin.collect())).containsExactly(Map.entry("queue:default", 4.0));
    }
  }

  @Test
  void redisRestartBetweenCollectionsCostsNothing() throws Exception {
    try (DramatiqPlugin plugin = plugin();
        LogCapture log = LogCapture.of(DramatiqPlugin.class)) {
      enqueue("dramatiq:default.msgs", 1);
      assertThat(plugin.collect()).hasSize(1);

      server.stop();
      server.start();
      redis.close();
      redis = new JedisPooled("127.0.0.1", server.port());
      enqueue("dramatiq:default.msgs", 2);

      // the pooled connection from before the restart is replaced, not a failed collection
      assertThat(sizes(plugin.collect())).containsExactly(Map.entry("queue:default", 2.0));
      assertThat(log.warnings()).isEmpty();
    }
  }

  @Test
  void badPortIsAConfigurationError() {
    assertThatThrownBy(
            () ->
                new DramatiqPluginProvider()
                    .create(Map.of("REDIS_PORT", "63790000"), CAPTURE_INTERVAL))
        .isInstanceOf(ConfigException.class)
        .hasMessage("REDIS_PORT: expected a port between 1 and 65535, found \"63790000\"");
  }

  @Test
  void queueNameLosesPrefixAndSuffix() {
    assertThat(DramatiqPlugin.queueName("dramatiq:pizza.msgs")).isEqualTo("pizza");
    assertThat(DramatiqPlugin.queueName("dramatiq:pizza.XQ.msgs")).isEqualTo("pizza.XQ");
  }
}
