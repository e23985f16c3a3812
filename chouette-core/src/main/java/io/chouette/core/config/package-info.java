/**
 * Configuration from environment variables (DESIGN §8): one immutable record per component, each
 * read with {@code fromEnv(Map)} through {@link io.chouette.core.config.EnvReader}, which collects
 * every problem so that startup fails once with a {@link io.chouette.core.config.ConfigException}
 * listing them all.
 */
package io.chouette.core.config;
