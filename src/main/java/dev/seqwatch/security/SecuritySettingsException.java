package dev.seqwatch.security;

/**
 * A {@code seqwatch.security.*} setting that cannot be used; start-up stops rather than run with
 * a key or user other than the one meant. The message names the property.
 */
final class SecuritySettingsException extends IllegalArgumentException {

  SecuritySettingsException(String message) {
    super(message);
  }
}
