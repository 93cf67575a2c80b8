package dev.seqwatch.plan;

import dev.seqwatch.eql.Position;

/**
 * A function or operator that Elasticsearch would fail on at query time for this event, for example
 * {@code number("abc")} or an integer division by zero. In Elasticsearch the search fails with a
 * script error (HTTP 400); {@code eql/search} answers the same way, naming the function, the
 * argument and the position. A rule compiled with {@link Planner.Errors#NO_MATCH} never throws it.
 */
public final class EvaluationException extends RuntimeException {

  private final String function;
  private final String argument;
  private final int line;
  private final int column;

  EvaluationException(String function, String argument, Position at, String reason) {
    super("line " + at.line() + ":" + at.column() + ": " + function + ": " + reason);
    this.function = function;
    this.argument = argument;
    this.line = at.line();
    this.column = at.column();
  }

  /** The function or operator that failed, as written in the query. */
  public String function() {
    return function;
  }

  /** The failing argument as written in the query, or null when the failure is the result's (an overflow). */
  public String argument() {
    return argument;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
