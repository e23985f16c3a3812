/**
 * The runnable agent: {@link io.chouette.app.Main} reads the configuration and finds the storage
 * engine, wrapper and plugins before the actor system exists, then starts the {@link
 * io.chouette.app.ChouetteGuardian}, which spawns, ticks and watches the core actors (DESIGN §2).
 * Also here: signal handling and exit statuses, the health endpoint, and the {@code --help}, {@code
 * --version} and {@code --test} options.
 */
package io.chouette.app;
