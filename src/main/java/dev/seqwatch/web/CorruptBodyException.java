package dev.seqwatch.web;

/** A compressed body that cannot be decompressed. */
public final class CorruptBodyException extends RuntimeException {

  public CorruptBodyException(String message) {
    super(message);
  }
}
