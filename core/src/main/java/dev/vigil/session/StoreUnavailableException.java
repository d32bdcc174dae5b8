package dev.vigil.session;

/**
 * The store cannot be reached or failed to answer. Never a verdict: the HTTP layer maps it to 503
 * with {@code reason: STORE_UNAVAILABLE} and {@code action: retry}, so that no application signs a
 * person out because of an outage.
 */
public final class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
