package dev.seqwatch.event;

import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * A request body that is not valid JSON or NDJSON as a whole, with the 1-based line and column
 * where reading stopped. Nothing of such a body is processed.
 */
public final class MalformedBodyException extends RuntimeException {

  /** What Jackson quotes of its own code: a method or a qualified type name between backticks. */
  private static final Pattern JACKSON_INTERNALS = Pattern.compile("(, from )?`[^`]*[.(][^`]*`");

  private final int line;
  private final int column;

  public MalformedBodyException(int line, int column, String message) {
    super(message);
    this.line = line;
    this.column = column;
  }

  /** The failure Jackson reported, at its location, in words that name none of its classes. */
  public static MalformedBodyException of(JacksonException e) {
    TokenStreamLocation at = e.getLocation();
    return new MalformedBodyException(at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
        reason(e));
  }

  /**
   * Jackson's message without the names of its own methods and types that it sometimes quotes,
   * such as "(1000, from `StreamReadConstraints.getMaxNestingDepth()`)": a client is told what is
   * wrong with its JSON, never which class noticed.
   */
  public static String reason(JacksonException e) {
    return JACKSON_INTERNALS.matcher(e.getOriginalMessage()).replaceAll("").trim();
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
