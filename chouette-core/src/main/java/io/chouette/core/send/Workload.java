package io.chouette.core.send;

import io.chouette.core.storage.Queue;
import java.net.URI;
import java.time.Duration;

/**
 * What differs between the senders' runs.
 *
 * @param kind {@code metrics}, {@code logs}, {@code events}, {@code service_checks} or {@code
 *     sketches}
 * @param queue the wrapped queue to send
 * @param ttl records older than this are removed unsent
 * @param bulkSize records per bulk
 * @param endpoint the full Datadog URL to POST to
 * @param reportsQueueSize whether to emit {@code chouette.queued.<kind>} (every kind but logs)
 * @param order which keys go first ({@link KeySelection})
 */
record Workload(
    String kind,
    Queue queue,
    Duration ttl,
    int bulkSize,
    URI endpoint,
    boolean reportsQueueSize,
    KeySelection.Order order) {}
