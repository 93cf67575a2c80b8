package dev.seqwatch.plan;

/**
 * A function's failure on one argument value, as Elasticsearch's processors raise it; the caller
 * names the function, the argument and the position ({@link EvaluationException}).
 */
final class ArgumentException extends IllegalArgumentException {

  private final int argument;

  /** @param argument the 0-based index of the failing argument, or -1 when it is the result */
  ArgumentException(int argument, String message) {
    super(message);
    this.argument = argument;
  }

  int argument() {
    return argument;
  }
}
