package io.chouette.core.storage;

import java.util.List;
import java.util.Objects;

/**
 * One queue of the store: a data type ({@code metrics}, {@code logs}) and whether it holds raw or
 * wrapped records.
 *
 * <p>The name is the Redis layout of chouette-iot-client: {@code chouette:metrics:raw} with its
 * companions {@code chouette:metrics:raw.keys} (sorted set) and {@code chouette:metrics:raw.values}
 * (hash).
 */
public record Queue(String dataType, boolean wrapped) {

  public static final Queue RAW_METRICS = new Queue("metrics", false);
  public static final Queue WRAPPED_METRICS = new Queue("metrics", true);
  public static final Queue WRAPPED_LOGS = new Queue("logs", true);
  public static final Queue WRAPPED_SKETCHES = new Queue("sketches", true);
  public static final Queue WRAPPED_EVENTS = new Queue("events", true);
  public static final Queue WRAPPED_SERVICE_CHECKS = new Queue("service_checks", true);

  /** Every queue Chouette reads or writes, in the order the health endpoint lists them. */
  public static final List<Queue> ALL =
      List.of(
          RAW_METRICS,
          WRAPPED_METRICS,
          WRAPPED_LOGS,
          WRAPPED_SKETCHES,
          WRAPPED_EVENTS,
          WRAPPED_SERVICE_CHECKS);

  public Queue {
    Objects.requireNonNull(dataType, "dataType");
    if (dataType.isBlank() || dataType.contains(":")) {
      throw new IllegalArgumentException("bad data type: \"" + dataType + "\"");
    }
  }

  /** {@code chouette:{type}:{raw|wrapped}}. */
  public String name() {
    return "chouette:" + dataType + ":" + (wrapped ? "wrapped" : "raw");
  }

  /** The sorted set: member = record key, score = unix timestamp in seconds. */
  public String keysName() {
    return name() + ".keys";
  }

  /** The hash: record key -> JSON record. */
  public String valuesName() {
    return name() + ".values";
  }

  @Override
  public String toString() {
    return name();
  }
}
