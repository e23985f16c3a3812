/**
 * Chouette's core, free of Redis, OSHI, Docker and Kubernetes clients: the domain model, the actors
 * that receive, aggregate, collect, store and send metrics (one package per feature), the extension
 * points, and configuration. This package holds only {@link io.chouette.core.BlockingIo}, the one
 * dispatcher where every blocking call runs (DESIGN §2).
 */
package io.chouette.core;
