package dev.seqwatch.eql;

/**
 * A query that cannot be compiled, with the 1-based line and column where the problem starts.
 *
 * <p>The message reads {@code line L:C: <reason>}, the format Elasticsearch uses, so an analyst who
 * knows one recognises the other. The engine never maps this to a transport status; the web layer
 * does.
 */
public class EqlParseException extends RuntimeException {

  private final int line;
  private final int column;
  private final String reason;

  public EqlParseException(int line, int column, String reason) {
    super("line " + line + ":" + column + ": " + reason);
    this.line = line;
    this.column = column;
    this.reason = reason;
  }

  /** 1-based line in the query text. */
  public int line() {
    return line;
  }

  /** 1-based column in the query text. */
  public int column() {
    return column;
  }

  /** The problem without its position. */
  public String reason() {
    return reason;
  }
}
