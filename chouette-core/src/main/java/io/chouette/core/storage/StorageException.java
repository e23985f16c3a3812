package io.chouette.core.storage;

/**
 * The store could not do what was asked (unreachable, timed out, refused). Expected at run time:
 * the Storage actor turns it into a failure reply and keeps running.
 */
public class StorageException extends RuntimeException {
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  public StorageException(String message) {
    super(message);
  }
}
