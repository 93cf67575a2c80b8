package dev.seqwatch.web;

/** A {@code Content-Encoding} other than gzip or identity. */
public final class UnsupportedContentEncodingException extends RuntimeException {

  public UnsupportedContentEncodingException(String encoding) {
    super("Content-Encoding '" + encoding + "' is not supported; use gzip or none");
  }
}
