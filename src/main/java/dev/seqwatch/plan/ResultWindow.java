package dev.seqwatch.plan;

import dev.seqwatch.eql.Pipe;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Which results of a search are returned: the request's {@code size} and the query's {@code head}
 * and {@code tail} pipes folded into one signed limit and an offset, as Elasticsearch folds them.
 * A positive limit counts from the oldest result, a negative one from the newest, zero returns
 * nothing; either way the results come back oldest first.
 *
 * <p>How Elasticsearch gets there (x-pack/plugin/eql):
 * <ul>
 *   <li>{@code LogicalPlanBuilder.visitStatement}: without pipes the request's {@code size} is a
 *       {@code Tail}, or a {@code Head} when the request's {@code result_position} is {@code head};
 *       with pipes, {@code size} is put under the first pipe as a {@code Head} or {@code Tail} of
 *       the same kind as that pipe, whatever the {@code result_position}.
 *   <li>{@code Tail} is a {@code LimitWithOffset} with the limit negated.
 *   <li>{@code Optimizer.CombineLimits} folds the chain from the innermost out: same direction keeps
 *       the smaller count; opposite direction, if the outer count is smaller, skips the difference
 *       (offset) and keeps the outer count in the inner direction, else changes nothing.
 *   <li>{@code SortByLimit} sorts ascending for a positive limit and descending for a negative one;
 *       descending results are reversed before they are returned ({@code ReverseListener}).
 * </ul>
 * Events and sequences then part ways: an event search asks for {@code from = offset, size =
 * |limit|} ({@code SourceGenerator}); a sequence search takes a view of all the sequences it found
 * ({@code execution.search.Limit.view}), which behaves differently when fewer results than
 * {@code offset + |limit|} exist. Both are kept here as Elasticsearch has them.
 */
public record ResultWindow(int limit, int offset) {

  /**
   * The window of a statement with these pipes under a request of {@code size} results.
   *
   * @param position the request's {@code result_position}: which end {@code size} keeps when there
   *     are no pipes (Elasticsearch's default: {@link Pipe.Kind#TAIL})
   */
  public static ResultWindow of(List<Pipe> pipes, int size, Pipe.Kind position) {
    if (pipes.isEmpty()) {
      return new ResultWindow(signed(position, size), 0);
    }
    ResultWindow window = new ResultWindow(signed(pipes.get(0).kind(), size), 0);
    for (Pipe pipe : pipes) {
      window = window.then(signed(pipe.kind(), pipe.count()));
    }
    return window;
  }

  private static int signed(Pipe.Kind kind, int count) {
    return kind == Pipe.Kind.HEAD ? count : -count;
  }

  /** {@code Optimizer.CombineLimits} with this window as the primary (inner) limit. */
  private ResultWindow then(int secondary) {
    if (limit > 0 && secondary > 0) {
      return new ResultWindow(Math.min(limit, secondary), offset);
    }
    if (limit < 0 && secondary < 0) {
      return new ResultWindow(Math.max(limit, secondary), offset);
    }
    if (Math.abs(secondary) < Math.abs(limit)) {
      return new ResultWindow(Math.abs(secondary) * Integer.signum(limit),
          offset + Math.abs(limit + secondary));
    }
    return this;
  }

  /**
   * The events an event search returns, oldest first, from {@code ascending}: matches in time
   * order. A descending search keeps Lucene's order among equal sort values (first indexed first),
   * so events tied on {@code tied} come back newest-indexed first after the reversal, as they do
   * from Elasticsearch.
   *
   * @param tied compares the sort values only (timestamp, tiebreaker), not the indexing order
   */
  public <E> List<E> events(List<E> ascending, Comparator<E> tied) {
    if (limit == 0) {
      return List.of();
    }
    List<E> sorted = new ArrayList<>(ascending);
    if (limit < 0) {
      // A stable sort keeps the indexing order among ties, as Lucene's doc id tie-break does.
      sorted.sort(tied.reversed());
    }
    int from = Math.min(offset, sorted.size());
    int to = (int) Math.min((long) from + Math.abs((long) limit), sorted.size());
    List<E> page = new ArrayList<>(sorted.subList(from, to));
    if (limit < 0) {
      Collections.reverse(page);
    }
    return page;
  }

  /**
   * The sequences (or samples) a sequence search returns, oldest first, from {@code ascending}:
   * every match in the order Elasticsearch completes them. {@code Limit.view} as written,
   * including its answer when fewer than {@code offset + |limit|} matches exist: the |limit| last
   * ones in the search direction.
   */
  public <E> List<E> sequences(List<E> ascending) {
    if (limit == 0 || ascending.isEmpty()) {
      return List.of();
    }
    List<E> values = new ArrayList<>(ascending);
    if (limit < 0) {
      Collections.reverse(values);
    }
    int size = values.size();
    long total = Math.abs((long) limit) + offset;
    List<E> view;
    if (size >= total) {
      view = values.subList(offset, (int) total);
    } else if (size <= Math.abs((long) limit)) {
      view = values;
    } else {
      view = values.subList(size - Math.abs(limit), size);
    }
    List<E> page = new ArrayList<>(view);
    if (limit < 0) {
      Collections.reverse(page);
    }
    return page;
  }
}
