/**
 * The {@code dramatiq} plugin: sizes of Dramatiq queues kept in Redis hashes {@code
 * dramatiq:<queue>.msgs}, found with SCAN.
 */
package io.chouette.collectors.dramatiq;
