package io.chouette.core.collect;

import static io.chouette.core.collect.TestPlugins.gauge;
import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.collect.TestPlugins.ScriptedPlugin;
import io.chouette.core.metric.WrappedMetric;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PluginActorTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private ActorRef<PluginActor.Command> spawn(ScriptedPlugin plugin) {
    return testKit.spawn(
        PluginActor.create(plugin, TIMEOUT, PluginActor.Backoff.DEFAULT, Clock.systemUTC()));
  }

  @Test
  void answersWithTheProducersNameAndItsMetrics() {
    WrappedMetric metric = gauge("Chouette.host.la", 0.5);
    ScriptedPlugin plugin = ScriptedPlugin.returning("host", n -> List.of(metric));
    TestProbe<PluginActor.StatsResponse> probe = testKit.createTestProbe();

    spawn(plugin).tell(new PluginActor.StatsRequest(Instant.now(), probe.ref()));

    assertThat(probe.receiveMessage())
        .isEqualTo(new PluginActor.StatsResponse("host", List.of(metric)));
  }

  @Test
  void nullResultAndNullElementsBecomeNothing() {
    ScriptedPlugin plugin =
        ScriptedPlugin.returning(
            "sloppy", n -> n == 1 ? null : Arrays.asList(null, gauge("sloppy", 1)));
    ActorRef<PluginActor.Command> actor = spawn(plugin);
    TestProbe<PluginActor.StatsResponse> probe = testKit.createTestProbe();

    actor.tell(new PluginActor.StatsRequest(Instant.now(), probe.ref()));
    assertThat(probe.receiveMessage().metrics()).isEmpty();
    actor.tell(new PluginActor.StatsRequest(Instant.now(), probe.ref()));
    assertThat(probe.receiveMessage().metrics()).containsExactly(gauge("sloppy", 1));
  }

  @Test
  void requestOlderThanTheTimeoutIsSkipped() {
    ScriptedPlugin plugin = ScriptedPlugin.returning("host", n -> List.of(gauge("host", n)));
    ActorRef<PluginActor.Command> actor = spawn(plugin);
    TestProbe<PluginActor.StatsResponse> probe = testKit.createTestProbe();

    actor.tell(
        new PluginActor.StatsRequest(Instant.now().minus(TIMEOUT.multipliedBy(2)), probe.ref()));
    actor.tell(new PluginActor.StatsRequest(Instant.now(), probe.ref()));

    // only the fresh request ran
    assertThat(probe.receiveMessage().metrics()).containsExactly(gauge("host", 1));
    assertThat(plugin.calls).hasValue(1);
  }
}
