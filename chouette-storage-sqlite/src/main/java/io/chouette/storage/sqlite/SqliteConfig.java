package io.chouette.storage.sqlite;

import io.chouette.core.config.ConfigException;
import io.chouette.core.config.EnvReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The settings of the {@code sqlite} engine.
 *
 * @param dataDir {@code CHOUETTE_DATA_DIR} (default {@code /var/lib/chouette}): the directory of
 *     the database file
 * @param maxBytes {@code STORAGE_MAX_MB} (default 256) in bytes: the bound on the database's size
 */
public record SqliteConfig(Path dataDir, long maxBytes) {

  public static final String DEFAULT_DATA_DIR = "/var/lib/chouette";
  public static final int DEFAULT_MAX_MB = 256;

  /** The database file's name inside {@link #dataDir()}. */
  public static final String DATABASE_NAME = "chouette.db";

  /** Reads and validates the variables; throws one {@link ConfigException} listing the problems. */
  public static SqliteConfig fromEnv(Map<String, String> env) {
    EnvReader reader = new EnvReader(env);
    String dir = reader.string("CHOUETTE_DATA_DIR", DEFAULT_DATA_DIR);
    Path dataDir = Path.of(DEFAULT_DATA_DIR);
    if (dir.isEmpty()) {
      reader.problem("CHOUETTE_DATA_DIR", "a directory path", dir);
    } else {
      try {
        dataDir = Path.of(dir);
      } catch (InvalidPathException e) {
        reader.problem("CHOUETTE_DATA_DIR", "a directory path", dir);
      }
    }
    int maxMb = reader.integer("STORAGE_MAX_MB", DEFAULT_MAX_MB, 1);
    reader.throwIfProblems();
    return new SqliteConfig(dataDir.toAbsolutePath().normalize(), maxMb * 1024L * 1024L);
  }

  /** The database file. */
  public Path databaseFile() {
    return dataDir.resolve(DATABASE_NAME);
  }

  /**
   * Creates the data directory (with its parents) when missing and proves it writable by creating
   * and deleting a file in it; throws a {@link ConfigException} naming the directory otherwise.
   */
  public void prepareDirectory() {
    try {
      Files.createDirectories(dataDir);
      Path probe = Files.createTempFile(dataDir, ".chouette-probe-", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new ConfigException(
          "CHOUETTE_DATA_DIR: cannot create or write the directory \""
              + dataDir
              + "\" ("
              + reason(e)
              + ")");
    }
  }

  /** One line for the startup log. */
  public String describe() {
    return databaseFile() + ", max " + maxBytes / (1024 * 1024) + " MB";
  }

  private static String reason(Exception e) {
    String name = e.getClass().getSimpleName();
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() == null ? name : name + ": " + e.getMessage();
  }
}
