package dev.seqwatch.eql;

/**
 * One {@code | head N} or {@code | tail N} after a query. The only pipes Elasticsearch runs; it
 * refuses {@code count}, {@code filter}, {@code sort}, {@code unique} and {@code unique_count} with
 * "Pipe [...] is not supported" ({@code LogicalPlanBuilder.pipe}), and so does SeqWatch.
 *
 * @param count N, zero or more: Elasticsearch accepts {@code head 0} (no results) and refuses a
 *     negative or non-integer N
 * @param at where the {@code |} is
 */
public record Pipe(Kind kind, int count, Position at) {

  /** Which end of the results a pipe keeps. */
  public enum Kind {
    /** The first N results in time order. */
    HEAD,
    /** The last N results in time order. */
    TAIL;

    String keyword() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Pipe {
    if (count < 0) {
      throw new IllegalArgumentException("a pipe keeps zero or more results, not " + count);
    }
  }

  @Override
  public String toString() {
    return "| " + kind.keyword() + " " + count;
  }
}
