package dev.seqwatch.event;

/**
 * A request body that is not valid JSON or NDJSON as a whole, with the 1-based line and column
 * where reading stopped. Nothing of such a body is processed.
 */
public final class MalformedBodyException extends RuntimeException {

  private final int line;
  private final int column;

  public MalformedBodyException(int line, int column, String message) {
    super(message);
    this.line = line;
    this.column = column;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
