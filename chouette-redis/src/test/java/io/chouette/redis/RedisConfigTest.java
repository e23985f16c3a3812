package io.chouette.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chouette.core.config.ConfigException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RedisConfigTest {

  static Stream<Arguments> validEnvironments() {
    return Stream.of(
        Arguments.of(Map.of(), new RedisConfig("redis", 6379, null, null, 0, false)),
        Arguments.of(
            Map.of(
                "REDIS_HOST",
                "10.0.0.5",
                "REDIS_PORT",
                "6380",
                "REDIS_PASSWORD",
                "s3cret",
                "REDIS_DB",
                "2"),
            new RedisConfig("10.0.0.5", 6380, null, "s3cret", 2, false)),
        Arguments.of(
            Map.of("REDIS_PASSWORD", ""), new RedisConfig("redis", 6379, null, null, 0, false)),
        Arguments.of(
            Map.of(
                "REDIS_URL",
                "redis://cache.local",
                "REDIS_HOST",
                "ignored",
                "REDIS_PORT",
                "not even a number"),
            new RedisConfig("cache.local", 6379, null, null, 0, false)),
        Arguments.of(
            Map.of("REDIS_URL", "rediss://chouette:p%40ss%3Aword@redis.example.com:6380/3"),
            new RedisConfig("redis.example.com", 6380, "chouette", "p@ss:word", 3, true)),
        Arguments.of(
            Map.of("REDIS_URL", "redis://:pw@127.0.0.1:7000/"),
            new RedisConfig("127.0.0.1", 7000, null, "pw", 0, false)));
  }

  @ParameterizedTest
  @MethodSource("validEnvironments")
  void readsTheEnvironment(Map<String, String> env, RedisConfig expected) {
    assertThat(RedisConfig.fromEnv(env)).isEqualTo(expected);
  }

  static Stream<Arguments> invalidEnvironments() {
    return Stream.of(
        Arguments.of(
            Map.of("REDIS_PORT", "abc"), "REDIS_PORT: expected an integer >= 1, found \"abc\""),
        Arguments.of(
            Map.of("REDIS_PORT", "70000"),
            "REDIS_PORT: expected a port between 1 and 65535, found \"70000\""),
        Arguments.of(
            Map.of("REDIS_PORT", "0"), "REDIS_PORT: expected an integer >= 1, found \"0\""),
        Arguments.of(Map.of("REDIS_DB", "-1"), "REDIS_DB: expected an integer >= 0, found \"-1\""),
        Arguments.of(Map.of("REDIS_HOST", " "), "REDIS_HOST: expected a host name, found \"\""),
        Arguments.of(Map.of("REDIS_URL", "http://secret@host"), "REDIS_URL: expected redis://"),
        Arguments.of(Map.of("REDIS_URL", "redis://onlyuser@host"), "REDIS_URL: expected redis://"),
        Arguments.of(Map.of("REDIS_URL", "redis://host/zero"), "REDIS_URL: expected redis://"),
        Arguments.of(Map.of("REDIS_URL", "redis://ho st"), "REDIS_URL: expected redis://"));
  }

  @ParameterizedTest
  @MethodSource("invalidEnvironments")
  void rejectsBadValuesWithOneClearLine(Map<String, String> env, String message) {
    assertThatThrownBy(() -> RedisConfig.fromEnv(env))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void reportsEveryProblemAtOnceAndNeverQuotesSecrets() {
    ConfigException error =
        (ConfigException)
            org.assertj.core.api.Assertions.catchThrowable(
                () -> RedisConfig.fromEnv(Map.of("REDIS_PORT", "x", "REDIS_DB", "y")));
    assertThat(error.problems()).hasSize(2);

    assertThatThrownBy(
            () -> RedisConfig.fromEnv(Map.of("REDIS_URL", "redis://user:hunter2@host/x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void neverPrintsThePassword() {
    RedisConfig config = RedisConfig.fromEnv(Map.of("REDIS_URL", "rediss://u:hunter2@h:1/2"));
    assertThat(config.toString()).doesNotContain("hunter2").contains("password=***");
    assertThat(config.describe()).isEqualTo("rediss://u@h:1/2 (with password)");
  }
}
