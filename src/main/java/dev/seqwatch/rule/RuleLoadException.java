package dev.seqwatch.rule;

/**
 * A rule file that cannot be loaded, with the file, the 1-based line and column of the problem
 * (0 when the problem has no single place, such as a missing key) and the kind of problem. The
 * rule tree loader ({@link RuleLoader}) turns it into that file's {@link RuleFile} verdict;
 * {@link RuleCompiler#compile} lets it stop the load.
 */
public final class RuleLoadException extends RuntimeException {

  private final String origin;
  private final int line;
  private final int column;
  private final RuleFile.Reason kind;
  private final String reason;

  public RuleLoadException(String origin, int line, int column, String reason) {
    this(RuleFile.Reason.INVALID_RULE, origin, line, column, reason);
  }

  public RuleLoadException(RuleFile.Reason kind, String origin, int line, int column, String reason) {
    super(origin + (line > 0 ? ":" + line + ":" + column : "") + ": " + reason);
    this.kind = kind;
    this.reason = reason;
    this.origin = origin;
    this.line = line;
    this.column = column;
  }

  /** What kind of problem this is, deciding whether the file is skipped or failed. */
  public RuleFile.Reason kind() {
    return kind;
  }

  /** The problem without the file and position. */
  public String reason() {
    return reason;
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
