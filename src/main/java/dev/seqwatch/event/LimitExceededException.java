package dev.seqwatch.event;

/**
 * A document passed one of the {@link EventLimits}. The whole body is refused: a reader that
 * stopped part way cannot vouch for the events after it. The message says what is wrong with the
 * event, such as "has more than 1000 fields"; the caller knows whether to call it an event of a
 * batch or a document of a bulk request.
 */
public final class LimitExceededException extends RuntimeException {

  /** Which bound was passed. */
  public enum Limit { NESTING_DEPTH, STRING_LENGTH, FIELDS_PER_EVENT }

  private final Limit limit;
  private final int event;
  private final int line;
  private final int column;

  LimitExceededException(Limit limit, int event, int line, int column, String message) {
    super(message, null, false, false);
    this.limit = limit;
    this.event = event;
    this.line = line;
    this.column = column;
  }

  public Limit limit() {
    return limit;
  }

  /** The index of the event in its body, from 0. */
  public int event() {
    return event;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
