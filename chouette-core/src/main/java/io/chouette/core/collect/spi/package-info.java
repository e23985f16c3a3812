/**
 * The collector plugin SPI (DESIGN §7): a {@link io.chouette.core.collect.spi.CollectorPlugin} is a
 * plain object with no actor types, created by a {@link
 * io.chouette.core.collect.spi.CollectorPluginProvider} that {@link java.util.ServiceLoader} finds
 * by the name listed in {@code COLLECTOR_PLUGINS}. Core runs each plugin in its own actor.
 */
package io.chouette.core.collect.spi;
