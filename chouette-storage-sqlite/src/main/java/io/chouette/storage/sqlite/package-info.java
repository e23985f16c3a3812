/**
 * The {@code sqlite} storage engine (DESIGN §3): every queue in one table of an embedded SQLite
 * database under {@code CHOUETTE_DATA_DIR}, in WAL mode, so a node keeps its queued data through
 * restarts, crashes and power cuts without running Redis. The database's size is bounded by {@code
 * STORAGE_MAX_MB}; the oldest wrapped records go first.
 */
package io.chouette.storage.sqlite;
