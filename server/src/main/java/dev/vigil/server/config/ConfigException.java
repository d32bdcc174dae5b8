package dev.vigil.server.config;

/**
 * A configuration value is wrong. The message is one line naming the key (as the layer that set it
 * spells it) and the expected form; the CLI prints it and exits with code 2.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
