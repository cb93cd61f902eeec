package org.screening.workers.config;

/** A worker configuration that cannot run: the message names the key and, where set, its source. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
