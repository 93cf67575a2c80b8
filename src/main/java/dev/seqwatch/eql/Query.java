package dev.seqwatch.eql;

import java.util.List;
import java.util.stream.Collectors;

/** A parsed EQL query: an event query, a sequence or a sample. */
public sealed interface Query {

  /**
   * {@code <category> where <condition>}, or {@code any where <condition>} when {@code category}
   * is null.
   */
  record EventQuery(String category, Expression condition) implements Query {
    @Override
    public String toString() {
      return (category == null ? "any" : category) + " where " + condition;
    }
  }

  /**
   * {@code sequence [by keys] [with maxspan=N] [stage] [stage]+ [until [stage]]}.
   *
   * <p>{@code maxspanMillis} is 0 when the query sets no maxspan, as in Elasticsearch.
   */
  record Sequence(List<Field> joinKeys, long maxspanMillis, List<Stage> stages, Stage until)
      implements Query {
    public Sequence {
      joinKeys = List.copyOf(joinKeys);
      stages = List.copyOf(stages);
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder("sequence");
      if (!joinKeys.isEmpty()) {
        out.append(" by ").append(keys(joinKeys));
      }
      if (maxspanMillis > 0) {
        out.append(" with maxspan=").append(maxspanMillis).append("ms");
      }
      stages.forEach(stage -> out.append(' ').append(stage));
      if (until != null) {
        out.append(" until ").append(until);
      }
      return out.toString();
    }
  }

  /**
   * {@code sample [by keys] [filter] [by keys] [filter] [by keys] ...}: for each value of the join
   * keys, events that match every filter, one distinct event per filter, in no particular order.
   * No maxspan, no until, no ordering between the filters (Elasticsearch's {@code Sample}).
   *
   * <p>Invariants checked by the parser, as Elasticsearch's {@code LogicalPlanBuilder.visitSample}
   * does: two to five filters, at least one join key, the same number of keys in every filter,
   * no key named twice in one filter.
   */
  record Sample(List<Field> joinKeys, List<SampleFilter> filters) implements Query {
    public Sample {
      joinKeys = List.copyOf(joinKeys);
      filters = List.copyOf(filters);
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder("sample");
      if (!joinKeys.isEmpty()) {
        out.append(" by ").append(keys(joinKeys));
      }
      filters.forEach(filter -> out.append(' ').append(filter));
      return out.toString();
    }
  }

  /** One bracketed filter of a sample with its own additional join keys. */
  record SampleFilter(EventQuery query, List<Field> joinKeys) {
    public SampleFilter {
      joinKeys = List.copyOf(joinKeys);
    }

    @Override
    public String toString() {
      return "[" + query + "]" + (joinKeys.isEmpty() ? "" : " by " + keys(joinKeys));
    }
  }

  /**
   * One bracketed stage of a sequence with its own additional join keys.
   *
   * @param missing written {@code ![ ... ]}: the sequence matches only if no such event occurs in
   *     the stage's place (semantics §11)
   * @param runs written {@code with runs=N}: the stage stands for {@code runs} identical stages in a
   *     row, as Elasticsearch expands it (§12); 1 when absent
   */
  record Stage(EventQuery query, List<Field> joinKeys, boolean missing, int runs) {
    public Stage {
      joinKeys = List.copyOf(joinKeys);
    }

    @Override
    public String toString() {
      return (missing ? "![" : "[") + query + "]" + (joinKeys.isEmpty() ? "" : " by " + keys(joinKeys))
          + (runs == 1 ? "" : " with runs=" + runs);
    }
  }

  private static String keys(List<Field> fields) {
    return fields.stream().map(Field::toString).collect(Collectors.joining(", "));
  }
}
