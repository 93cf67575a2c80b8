package dev.seqwatch.eql;

import java.util.List;

/**
 * A query with the pipes that follow it, in the order written, as {@code POST /api/v1/eql/search}
 * runs it. Rules take a bare {@link Query} ({@link EqlParser#parse}); only searches take pipes.
 */
public record Statement(Query query, List<Pipe> pipes) {

  public Statement {
    pipes = List.copyOf(pipes);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(query.toString());
    pipes.forEach(pipe -> out.append(' ').append(pipe));
    return out.toString();
  }
}
