package dev.seqwatch.eql;

/**
 * Valid EQL that SeqWatch does not evaluate yet. Refused when the query is loaded, never ignored at
 * match time, so a rule can never silently match less than it says.
 */
public final class UnsupportedEqlException extends EqlParseException {

  private final String construct;

  UnsupportedEqlException(int line, int column, String construct) {
    this(line, column, construct, construct + " is not supported yet");
  }

  /** For a construct that is refused in one place for a reason, not merely not built yet. */
  UnsupportedEqlException(int line, int column, String construct, String reason) {
    super(line, column, reason);
    this.construct = construct;
  }

  /** Names the construct, for example {@code "pipes (| head)"}. */
  public String construct() {
    return construct;
  }
}
