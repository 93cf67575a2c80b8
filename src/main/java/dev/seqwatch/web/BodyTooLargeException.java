package dev.seqwatch.web;

/** A request body over the configured limit, counted after decompression. */
public final class BodyTooLargeException extends RuntimeException {

  public BodyTooLargeException(String message) {
    super(message);
  }
}
