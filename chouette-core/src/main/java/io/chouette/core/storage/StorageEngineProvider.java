package io.chouette.core.storage;

import java.util.Map;

/**
 * Creates a {@link StorageEngine} by name ({@code CHOUETTE_STORAGE_TYPE}). Found with {@link
 * java.util.ServiceLoader}: register implementations in {@code
 * META-INF/services/io.chouette.core.storage.StorageEngineProvider}.
 */
public interface StorageEngineProvider {

  /** The value of {@code CHOUETTE_STORAGE_TYPE} that selects this engine. */
  String name();

  /**
   * Parses and validates this engine's environment variables; throws {@link
   * io.chouette.core.config.ConfigException} on bad ones. Opens no connection.
   */
  StorageEngineFactory configure(Map<String, String> env);

  /** A validated engine configuration that can open the engine. */
  interface StorageEngineFactory {
    /** Opens the engine; may connect lazily. */
    StorageEngine open();

    /** One line describing the configuration for the startup log, without secrets. */
    String describe();
  }
}
