package dev.seqwatch.eql;

/** Operators that match a value against patterns rather than compare it with a constant. */
public enum PatternOperator {
  /** {@code :}, ASCII case-insensitive; {@code *} and {@code ?} are wildcards when present. */
  SEQ(":", true),
  /** {@code like}, case-sensitive wildcards. */
  LIKE("like", false),
  /** {@code like~}, ASCII case-insensitive wildcards. */
  LIKE_INSENSITIVE("like~", true),
  /** {@code regex}, a case-sensitive regular expression anchored at both ends. */
  REGEX("regex", false),
  /** {@code regex~}, an ASCII case-insensitive regular expression anchored at both ends. */
  REGEX_INSENSITIVE("regex~", true);

  private final String symbol;
  private final boolean caseInsensitive;

  PatternOperator(String symbol, boolean caseInsensitive) {
    this.symbol = symbol;
    this.caseInsensitive = caseInsensitive;
  }

  public String symbol() {
    return symbol;
  }

  public boolean isCaseInsensitive() {
    return caseInsensitive;
  }
}
