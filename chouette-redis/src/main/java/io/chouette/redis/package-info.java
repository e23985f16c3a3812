/**
 * What every Redis user in Chouette shares: the {@code REDIS_*} settings ({@link
 * io.chouette.redis.RedisConfig}) and the factory of pooled Jedis clients ({@link
 * io.chouette.redis.RedisClients}). The {@code redis} storage engine and the {@code dramatiq}
 * collector plugin both depend on this module, and each opens its own pool with it.
 */
package io.chouette.redis;
