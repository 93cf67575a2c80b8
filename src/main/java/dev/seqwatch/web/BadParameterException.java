package dev.seqwatch.web;

/** A query parameter or request field with a value that cannot be used. */
public final class BadParameterException extends RuntimeException {

  private final String parameter;

  public BadParameterException(String parameter, String message) {
    super(message);
    this.parameter = parameter;
  }

  public String parameter() {
    return parameter;
  }
}
