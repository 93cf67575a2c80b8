package dev.seqwatch.alert;

/**
 * Alerts cannot be stored now. The web layer answers 503 with {@code Retry-After}; the Kafka
 * consumer commits nothing and reads the records again.
 */
public final class AlertStoreUnavailableException extends RuntimeException {

  public AlertStoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
