/**
 * The embedded storage engine ({@code CHOUETTE_STORAGE_TYPE=memory}): an implementation of the
 * {@link io.chouette.core.storage.StorageEngine} port that keeps each queue in memory, its records
 * deflated in blocks so that a long outage's backlog fits in a small heap. Not durable; found
 * through {@link io.chouette.core.storage.StorageEngineProvider} like any other engine.
 */
package io.chouette.core.storage.memory;
