package dev.seqwatch.web;

/** Something the client named does not exist. */
public final class NotFoundException extends RuntimeException {

  public NotFoundException(String message) {
    super(message);
  }
}
