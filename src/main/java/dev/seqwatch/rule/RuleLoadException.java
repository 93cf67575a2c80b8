package dev.seqwatch.rule;

/**
 * A rule file that cannot be loaded, with the file and the 1-based line and column of the problem
 * (0 when the problem has no single place, such as a missing key). Thrown at start-up, so a bad
 * rule stops SeqWatch instead of leaving a gap in detection.
 */
public final class RuleLoadException extends RuntimeException {

  private final String origin;
  private final int line;
  private final int column;

  public RuleLoadException(String origin, int line, int column, String reason) {
    super(origin + (line > 0 ? ":" + line + ":" + column : "") + ": " + reason);
    this.origin = origin;
    this.line = line;
    this.column = column;
  }

  public String origin() {
    return origin;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
