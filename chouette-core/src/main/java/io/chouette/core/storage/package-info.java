/**
 * Storage (DESIGN §3): the {@link io.chouette.core.storage.StorageEngine} port that every engine
 * implements, found by {@code CHOUETTE_STORAGE_TYPE} through {@link
 * io.chouette.core.storage.StorageEngineProvider}; the {@link
 * io.chouette.core.storage.StorageActor}, the only actor that talks to the store, on the blocking
 * dispatcher; and the queue, key and record types they exchange.
 */
package io.chouette.core.storage;
