package io.chouette.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.chouette.core.aggregate.MetricsAggregator;
import io.chouette.core.collect.MetricsCollector;
import io.chouette.core.collect.spi.CollectorPlugin;
import io.chouette.core.config.ChouetteConfig;
import io.chouette.core.config.ConfigException;
import io.chouette.core.dogstatsd.DogStatsdBuckets;
import io.chouette.core.dogstatsd.DogStatsdServer;
import io.chouette.core.dogstatsd.origin.OriginResolver;
import io.chouette.core.send.EventsSender;
import io.chouette.core.send.LinkBudget;
import io.chouette.core.send.LogsSender;
import io.chouette.core.send.MetricsSender;
import io.chouette.core.send.SenderStatus;
import io.chouette.core.send.ServiceChecksSender;
import io.chouette.core.send.SketchesSender;
import io.chouette.core.storage.StorageActor;
import io.chouette.core.storage.StorageEngine;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point. Exit status: 0 after SIGTERM/SIGINT, 1 when a core actor failed for good or startup
 * failed unexpectedly, 2 when the configuration is bad (one log line says why).
 */
public final class Main {

  static final int EXIT_OK = 0;
  static final int EXIT_CORE_FAILURE = 1;
  static final int EXIT_CONFIG = 2;

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    int status;
    try {
      status =
          args.length == 0
              ? run(System.getenv())
              : CommandLine.run(args, System.getenv(), System.out);
    } catch (Throwable e) {
      // Without this, an error after the actor system started would leave a process that runs
      // its actors but never reaches System.exit and ignores SIGTERM: exit and let the
      // orchestrator see it.
      log.error("Chouette failed: {}", e.toString(), e);
      status = EXIT_CORE_FAILURE;
    }
    LogLevels.flush();
    System.exit(status);
  }

  static int run(Map<String, String> env) {
    ShutdownSignals signals = ShutdownSignals.install();
    Startup startup;
    try {
      startup = Startup.fromEnv(env);
    } catch (ConfigException e) {
      log.error("configuration error, Chouette cannot start: {}", e.getMessage());
      return EXIT_CONFIG;
    }
    ChouetteConfig config = startup.config();
    LogLevels.apply(config.logLevel());
    log.info(
        "starting Chouette {}: storage {}, wrapper {}, plugins {}, {}",
        version(),
        startup.storage().describe(),
        config.aggregator().wrapper(),
        config.collector().plugins(),
        config.sender());

    StorageEngine engine = startup.storage().open();
    Clock clock = Clock.systemUTC();
    DogStatsdBuckets buckets = DogStatsdBuckets.create(config, clock);
    OriginResolver origin = DogStatsdStartup.detectOrigin(config.dogStatsd(), env, buckets);
    SenderStatus metricsStatus = new SenderStatus();
    SenderStatus logsStatus = new SenderStatus();
    SenderStatus eventsStatus = new SenderStatus();
    SenderStatus serviceChecksStatus = new SenderStatus();
    SenderStatus sketchesStatus = new SenderStatus();
    LinkBudget link = LinkBudget.of(config.sender().sendMaxKbps());
    List<SenderSpec> senders =
        List.of(
            new SenderSpec(
                "metrics",
                metricsStatus,
                storage ->
                    MetricsSender.create(config.sender(), storage, clock, metricsStatus, link)),
            new SenderSpec(
                "logs",
                logsStatus,
                storage -> LogsSender.create(config.sender(), storage, clock, logsStatus, link)),
            new SenderSpec(
                "events",
                eventsStatus,
                storage ->
                    EventsSender.create(config.sender(), storage, clock, eventsStatus, link)),
            new SenderSpec(
                "service_checks",
                serviceChecksStatus,
                storage ->
                    ServiceChecksSender.create(
                        config.sender(), storage, clock, serviceChecksStatus, link)),
            new SenderSpec(
                "sketches",
                sketchesStatus,
                storage ->
                    SketchesSender.create(config.sender(), storage, clock, sketchesStatus, link)));
    CoreBehaviors behaviors =
        new CoreBehaviors(
            StorageActor.create(engine, clock, config.sender().sendSelfMetrics()),
            storage ->
                MetricsAggregator.create(
                    config.aggregator(),
                    startup.wrapper(),
                    storage,
                    buckets,
                    clock,
                    config.sender().sendSelfMetrics(),
                    config.dogStatsd().distributions()),
            storage ->
                MetricsCollector.create(config.collector(), startup.plugins(), storage, clock),
            senders,
            storage ->
                DogStatsdServer.create(config.dogStatsd(), buckets, startup.wrapper(), storage));
    ChouetteGuardian.Schedule schedule =
        new ChouetteGuardian.Schedule(
            config.aggregator().interval(),
            config.collector().captureInterval(),
            config.sender().releaseInterval());
    ActorSystem<ChouetteGuardian.Command> system =
        ActorSystem.create(
            ChouetteGuardian.create(behaviors, schedule, clock), "chouette", pekkoConfig(config));
    signals.attach(system);
    HealthServer health = startHealth(system, config, senderStatuses(senders));
    return awaitTermination(
        system,
        () -> {
          if (health != null) {
            health.close();
          }
          startup.plugins().forEach(CollectorPlugin::close);
          if (origin != null) {
            origin.close();
          }
          engine.close();
        });
  }

  private static Map<String, SenderStatus> senderStatuses(List<SenderSpec> senders) {
    Map<String, SenderStatus> statuses = new LinkedHashMap<>();
    senders.forEach(sender -> statuses.put(sender.kind(), sender.status()));
    return statuses;
  }

  private static HealthServer startHealth(
      ActorSystem<ChouetteGuardian.Command> system,
      ChouetteConfig config,
      Map<String, SenderStatus> senders) {
    if (config.healthPort() == 0) {
      return null;
    }
    try {
      return HealthServer.start(system, senders, "0.0.0.0", config.healthPort());
    } catch (java.io.IOException e) {
      // Not worth dying for: the agent still does its job, the orchestrator's probes will say so.
      log.error("health endpoint could not bind port {}: {}", config.healthPort(), e.getMessage());
      return null;
    }
  }

  /**
   * Blocks until the system has terminated; returns the exit status its shutdown reason calls for.
   */
  static int awaitTermination(ActorSystem<?> system, Runnable cleanup) {
    system.getWhenTerminated().toCompletableFuture().join();
    cleanup.run();
    Optional<CoordinatedShutdown.Reason> reason =
        CoordinatedShutdown.get(system).getShutdownReason();
    int status =
        reason.filter(r -> r instanceof CoreActorFailure).isPresent() ? EXIT_CORE_FAILURE : EXIT_OK;
    log.info(
        "Chouette stopped ({}), exit status {}",
        reason.map(Object::toString).orElse("terminated"),
        status);
    return status;
  }

  private static Config pekkoConfig(ChouetteConfig config) {
    return ConfigFactory.parseMap(Map.of("pekko.loglevel", LogLevels.pekkoLevel(config.logLevel())))
        .withFallback(ConfigFactory.load());
  }

  static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
