/**
 * The {@code redis} storage engine (DESIGN §3): the queue layout chouette-iot-client writes, one
 * sorted set of keys and one hash of JSON records per queue, on a shared Jedis pool; the
 * aggregator's hand-over is one MULTI/EXEC transaction. An unreachable Redis never stops Chouette:
 * operations fail until it answers again.
 */
package io.chouette.storage.redis;
